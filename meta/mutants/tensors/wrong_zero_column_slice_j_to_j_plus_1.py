"""zero_column through the slice t[:, j:j + 1] (to keep a column dimension): for j=-1 the slice is -1:0,
which is empty, so nothing is zeroed.

expect: fail test_zero_column_counts_negative_j_from_the_end
"""


def zero_column(t, j):
    t[:, j:j + 1] = 0
    return t
