"""zero_column returns the zeroed column instead of t.

expect: fail test_zero_column_returns_t_itself
"""


def zero_column(t, j):
    return t[:, j].zero_()
