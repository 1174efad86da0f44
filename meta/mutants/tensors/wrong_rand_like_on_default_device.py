"""rand_like with torch.rand(t.shape, dtype=...): right dtype and shape, but always on the CPU.

expect: fail test_ones_like_and_rand_like_put_the_result_on_the_device_of_t
"""
import torch


def rand_like(t):
    return torch.rand(t.shape, dtype=t.dtype if t.is_floating_point() else torch.float32)
