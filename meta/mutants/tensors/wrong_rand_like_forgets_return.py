"""rand_like that draws the tensor but forgets to return it: the spec says rand_like(...)=None, but should be a
torch.Tensor, not "'NoneType' object has no attribute 'min'" from its own code.

expect: fail test_rand_like_values_lie_in_0_1
expect: fail test_rand_like_values_are_uniform_on_0_1
"""
import torch


def rand_like(t):
    torch.rand_like(t, dtype=torch.float)
