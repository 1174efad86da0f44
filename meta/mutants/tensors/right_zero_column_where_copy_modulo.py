"""zero_column with torch.where over a column mask, j taken modulo n (so j=-1 is the last column), copied back.

expect: pass
"""

import torch


def zero_column(t, j):
    cols = torch.arange(t.shape[1], device=t.device) == j % t.shape[1]
    return t.copy_(torch.where(cols, torch.zeros((), dtype=t.dtype, device=t.device), t))
