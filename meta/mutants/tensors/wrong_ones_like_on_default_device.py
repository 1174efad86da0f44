"""ones_like with torch.ones(t.shape, dtype=t.dtype): forgets device=t.device.

expect: fail test_ones_like_and_rand_like_put_the_result_on_the_device_of_t
"""
import torch


def ones_like(t):
    return torch.ones(t.shape, dtype=t.dtype)
