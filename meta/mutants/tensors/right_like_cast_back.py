"""ones_like through float ones cast back to t's dtype; rand_like drawing t.numel() numbers viewed as t.

expect: pass
"""

import torch


def ones_like(t):
    return torch.ones_like(t, dtype=torch.float).to(t.dtype)


def rand_like(t):
    dtype = t.dtype if t.is_floating_point() else torch.float32
    return torch.rand(t.numel(), dtype=dtype, device=t.device).view(t.shape)
