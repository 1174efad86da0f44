"""ones_like written for matrices only: torch.ones(t.size(0), t.size(1)).

expect: fail test_ones_like_keeps_shape_and_device
"""

import torch


def ones_like(t):
    return torch.ones(t.size(0), t.size(1), dtype=t.dtype, device=t.device)
