"""zero_column on a clone: t itself is unchanged and a new tensor is returned.

expect: fail test_zero_column_changes_t_in_place
expect: fail test_zero_column_returns_t_itself
"""


def zero_column(t, j):
    t = t.clone()
    t[:, j] = 0
    return t
