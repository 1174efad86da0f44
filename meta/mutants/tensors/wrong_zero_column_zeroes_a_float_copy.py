"""zero_column after `t = t.float()`: a no-op on float32 t, but an int64 or bool t is copied, and the copy zeroed.

expect: fail test_zero_column_keeps_the_dtype_of_t
"""


def zero_column(t, j):
    t = t.float()
    t[:, j] = 0
    return t
