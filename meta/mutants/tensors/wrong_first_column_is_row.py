"""first_column as t[0]: the first row.

expect: fail test_first_column_is_column_zero_of_shape_m
"""


def first_column(t):
    return t[0]
