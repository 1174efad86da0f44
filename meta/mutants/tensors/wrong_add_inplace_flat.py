"""add_inplace through t.reshape(-1).add_(value): a copy when t is not contiguous, so such a t is unchanged.

expect: fail test_add_inplace_changes_a_non_contiguous_t_too
"""


def add_inplace(t, value):
    t.reshape(-1).add_(value)
    return t
