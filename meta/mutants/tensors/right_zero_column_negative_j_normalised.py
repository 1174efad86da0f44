"""zero_column that turns a negative j into n + j first, then zeroes the column with select().fill_().

expect: pass
"""


def zero_column(t, j):
    if j < 0:
        j += t.shape[1]
    t.select(1, j).fill_(0)
    return t
