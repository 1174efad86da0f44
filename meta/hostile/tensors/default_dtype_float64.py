"""Sets torch's default dtype to float64 at import (copied from a numerics tutorial).

expect: fail
"""
import torch

torch.set_default_dtype(torch.float64)


def add_inplace(t, value):
    return t.add_(value)
