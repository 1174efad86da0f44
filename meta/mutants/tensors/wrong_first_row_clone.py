"""first_row as t[0].clone(): a copy, writing to it leaves t unchanged.

expect: fail test_first_row_is_a_view_of_t
"""


def first_row(t):
    return t[0].clone()
