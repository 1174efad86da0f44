"""last_column as t[:, len(t) - 1]: len(t) counts rows, not columns.

expect: fail test_last_column_is_column_n_minus_1_of_shape_m
"""


def last_column(t):
    return t[:, len(t) - 1]
