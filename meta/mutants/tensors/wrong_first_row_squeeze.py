"""first_row as t[0:1].squeeze() and last_column as t[:, -1:].squeeze(): a 0-d tensor when the selection has one entry.

expect: fail test_first_row_is_row_zero_of_shape_n
expect: fail test_last_column_is_column_n_minus_1_of_shape_m
"""


def first_row(t):
    return t[0:1].squeeze()


def last_column(t):
    return t[:, -1:].squeeze()
