"""zero_column by looking for column j among range(n): a negative j is never found, nothing changes.

expect: fail test_zero_column_counts_negative_j_from_the_end
"""


def zero_column(t, j):
    for col in range(t.shape[1]):
        if col == j:
            t[:, col] = 0
    return t
