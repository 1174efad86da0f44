"""ones_like as torch.ones(t.shape, device=t.device): always float32.

expect: fail test_ones_like_keeps_dtype
"""

import torch


def ones_like(t):
    return torch.ones(t.shape, device=t.device)
