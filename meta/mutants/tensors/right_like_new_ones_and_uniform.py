"""ones_like through t.new_ones, rand_like by filling an empty tensor with uniform_ (both follow t's device).

expect: pass
"""
import torch


def ones_like(t):
    return t.new_ones(t.shape)


def rand_like(t):
    dtype = t.dtype if t.is_floating_point() else torch.float32
    return torch.empty(t.shape, dtype=dtype, device=t.device).uniform_(0, 1)
