"""add_inplace with t.copy_(t + value).

expect: pass
"""


def add_inplace(t, value):
    return t.copy_(t + value)
