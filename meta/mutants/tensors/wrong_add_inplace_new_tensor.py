"""add_inplace as t + value: a new tensor, t unchanged.

expect: fail test_add_inplace_adds_value_to_every_entry
expect: fail test_add_inplace_returns_t_itself
"""


def add_inplace(t, value):
    t = t + value
    return t
