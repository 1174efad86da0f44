"""views written t[0, :], t[..., 0], t[:, -1]; zero_column through the transpose.

expect: pass
"""


def first_row(t):
    return t[0, :]


def first_column(t):
    return t[..., 0]


def last_column(t):
    return t[:, -1]


def zero_column(t, j):
    t.T[j] = 0.0
    return t
