"""zero_column with index_fill (no underscore): a new tensor, t untouched.

expect: fail test_zero_column_changes_t_in_place
expect: fail test_zero_column_zeroes_column_j_only
"""

import torch


def zero_column(t, j):
    return t.index_fill(1, torch.tensor([j], device=t.device), 0)
