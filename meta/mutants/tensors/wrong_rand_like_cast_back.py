"""rand_like as torch.rand(t.shape).to(t): casts back to an integer dtype, all zeros.

expect: fail test_rand_like_is_float32_for_non_floating_input
expect: fail test_rand_like_values_are_not_all_equal
"""

import torch


def rand_like(t):
    return torch.rand(t.shape).to(t)
