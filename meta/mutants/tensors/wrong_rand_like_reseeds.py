"""rand_like calling torch.manual_seed(0) "for reproducibility": every call gives the same numbers.

expect: fail test_rand_like_draws_new_values_on_each_call
"""

import torch


def rand_like(t):
    torch.manual_seed(0)
    return torch.rand_like(t, dtype=t.dtype if t.is_floating_point() else torch.float32)
