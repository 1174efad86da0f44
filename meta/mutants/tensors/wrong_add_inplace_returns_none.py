"""add_inplace forgets to return t.

expect: fail test_add_inplace_returns_t_itself
"""


def add_inplace(t, value):
    t.add_(value)
