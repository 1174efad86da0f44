"""zero_column with t[j] = 0: zeroes row j.

expect: fail test_zero_column_zeroes_column_j_only
"""


def zero_column(t, j):
    t[j] = 0
    return t
