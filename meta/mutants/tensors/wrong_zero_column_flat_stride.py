"""zero_column zeroing every n-th entry of t.reshape(-1) from j: reshape copies a transposed t, which stays unchanged.

expect: fail test_zero_column_changes_t_in_place
"""


def zero_column(t, j):
    t.reshape(-1)[j::t.shape[1]] = 0
    return t
