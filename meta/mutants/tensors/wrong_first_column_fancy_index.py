"""first_column with a list index t[:, [0]]: advanced indexing copies, shape (m, 1).

expect: fail test_first_column_is_column_zero_of_shape_m
expect: fail test_first_column_is_a_view_of_t
"""


def first_column(t):
    return t[:, [0]]
