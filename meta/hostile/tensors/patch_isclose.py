"""Replaces torch.isclose, torch.equal and torch.allclose (which torch.testing.assert_close itself calls) by
functions that say "equal", and returns wrong values.

expect: error torch.isclose
"""
import torch

torch.isclose = lambda a, b, **kwargs: torch.ones(torch.broadcast_shapes(a.shape, b.shape), dtype=torch.bool)
torch.equal = lambda a, b: True
torch.allclose = lambda a, b, **kwargs: True


def add_inplace(t, value):
    return t  # wrong: nothing added
