"""first_column as t[:, 0].contiguous(): a column is not contiguous, so this copies.

expect: fail test_first_column_is_a_view_of_t
"""


def first_column(t):
    return t[:, 0].contiguous()
