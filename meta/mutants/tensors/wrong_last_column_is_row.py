"""last_column as t[-1]: the last row.

expect: fail test_last_column_is_column_n_minus_1_of_shape_m
"""


def last_column(t):
    return t[-1]
