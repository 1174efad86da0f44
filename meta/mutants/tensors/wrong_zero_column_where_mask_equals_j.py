"""zero_column with torch.where over a column mask `arange(n) == j`, copied back into t (nan-safe, in place):
right for j in 0..n-1, but j=-1 matches no column, so the last column keeps its values.
(Was right_zero_column_where_copy.py until issue 18 wrote negative j into the contract.)

expect: fail test_zero_column_counts_negative_j_from_the_end
"""

import torch


def zero_column(t, j):
    cols = torch.arange(t.shape[1], device=t.device) == j
    return t.copy_(torch.where(cols, torch.zeros((), dtype=t.dtype, device=t.device), t))
