"""ones_like from a cache, one tensor per (shape, dtype, device) "to save allocations": every caller gets the
same tensor, so a caller that writes into its ones changes the next caller's.

expect: fail test_ones_like_result_is_a_tensor_of_its_own
"""

import torch

_ONES = {}


def ones_like(t):
    key = (tuple(t.shape), t.dtype, t.device)
    if key not in _ONES:
        _ONES[key] = torch.ones(t.shape, dtype=t.dtype, device=t.device)
    return _ONES[key]
