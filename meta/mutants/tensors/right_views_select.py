"""first_row/first_column with select, last_column with narrow, zero_column with zero_ on the column.

expect: pass
"""


def first_row(t):
    return t.select(0, 0)


def first_column(t):
    return t.select(1, 0)


def last_column(t):
    return t.narrow(1, t.shape[1] - 1, 1).squeeze(1)


def zero_column(t, j):
    t[:, j].zero_()
    return t
