"""first_row as t[0:1]: shape (1, n), not (n,).

expect: fail test_first_row_is_row_zero_of_shape_n
"""


def first_row(t):
    return t[0:1]
