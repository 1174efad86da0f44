"""ones_like with t.new_ones, rand_like as in the tutorial: torch.rand_like(t, dtype=torch.float).

expect: pass
"""

import torch


def ones_like(t):
    return t.new_ones(t.shape)


def rand_like(t):
    return torch.rand_like(t, dtype=torch.float)
