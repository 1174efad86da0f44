"""add_inplace with +=.

expect: pass
"""


def add_inplace(t, value):
    t += value
    return t
