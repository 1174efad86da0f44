"""ones_like with torch.full_like, rand_like with empty_like(...).uniform_() keeping a floating dtype.

expect: pass
"""

import torch


def ones_like(t):
    return torch.full_like(t, 1)


def rand_like(t):
    dtype = t.dtype if t.is_floating_point() else torch.float32
    return torch.empty_like(t, dtype=dtype).uniform_(0, 1)
