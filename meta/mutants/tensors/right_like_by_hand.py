"""ones_like and rand_like spelled out with factories and the tensor's attributes.

expect: pass
"""

import torch


def ones_like(t):
    return torch.ones(t.shape, dtype=t.dtype, device=t.device)


def rand_like(t):
    return torch.rand(t.shape, device=t.device)
