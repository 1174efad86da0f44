"""rand_like with randn_like: normal values, negative and above 1.

expect: fail test_rand_like_values_lie_in_0_1
expect: fail test_rand_like_values_are_uniform_on_0_1
"""

import torch


def rand_like(t):
    return torch.randn_like(t, dtype=torch.float)
