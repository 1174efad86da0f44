"""rand_like drawing from a freshly seeded torch.Generator: the same "random" tensor on every call.

expect: fail test_rand_like_draws_new_values_on_each_call
"""

import torch


def rand_like(t):
    dtype = t.dtype if t.is_floating_point() else torch.float32
    if t.device.type == "meta":  # no generator for meta tensors
        return torch.empty(t.shape, dtype=dtype, device="meta")
    g = torch.Generator(device=t.device).manual_seed(42)
    return torch.rand(t.shape, generator=g, dtype=dtype, device=t.device)
