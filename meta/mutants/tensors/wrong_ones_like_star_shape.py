"""ones_like with torch.ones(*t.shape, ...): a 0-d t makes it torch.ones(), which raises.

expect: fail test_ones_like_keeps_shape_and_device
"""
import torch


def ones_like(t):
    return torch.ones(*t.shape, dtype=t.dtype, device=t.device)
