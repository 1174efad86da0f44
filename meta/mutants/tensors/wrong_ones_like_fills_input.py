"""ones_like with t.fill_(1): the argument itself is overwritten.

expect: fail test_ones_like_does_not_modify_input
"""


def ones_like(t):
    return t.fill_(1)
