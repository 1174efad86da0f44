"""first_row as t[0].float(): right on the page's float32 tensors, a float copy of an int64 or bool t's row.

expect: fail test_rows_and_columns_leave_t_unchanged_and_keep_its_dtype
"""


def first_row(t):
    return t[0].float()
