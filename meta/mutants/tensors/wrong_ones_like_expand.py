"""ones_like as one 1 expanded to t's shape: right shape, dtype, device and values, but every entry is the same
memory, so writing one entry (ones[0, 0] = 5) writes them all.

expect: fail test_ones_like_result_is_a_tensor_of_its_own
"""

import torch


def ones_like(t):
    return torch.ones((), dtype=t.dtype, device=t.device).expand(t.shape)
