"""first_row as t.flatten()[:n]: a view while t is contiguous, a copy when it is not.

expect: fail test_first_row_is_a_view_of_t
"""


def first_row(t):
    return t.flatten()[: t.shape[1]]
