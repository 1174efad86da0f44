"""rand_like drawing floating inputs in double precision: a float32 t gives float64 (t's dtype is float32).

expect: fail test_rand_like_is_floating_for_floating_input
"""

import torch


def rand_like(t):
    # integers: the tutorial's dtype=torch.float; floats: "more precise" float64
    return torch.rand_like(t, dtype=torch.double if t.is_floating_point() else torch.float)
