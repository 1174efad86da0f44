"""zero_column by multiplying t by a 0/1 column mask: inf * 0 and nan * 0 are nan, not 0.

expect: fail test_zero_column_zeroes_inf_and_nan_entries_too
"""
import torch


def zero_column(t, j):
    mask = torch.ones(t.shape[1], dtype=t.dtype, device=t.device)
    mask[j] = 0
    t.mul_(mask)
    return t
