"""rand_like as torch.rand_like(t): raises for an integer tensor (no dtype override).

expect: fail test_rand_like_is_float32_for_non_floating_input
"""

import torch


def rand_like(t):
    return torch.rand_like(t)
