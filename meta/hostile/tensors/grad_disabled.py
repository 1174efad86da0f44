"""Disables autograd at import (torch.set_grad_enabled(False) at the top of a notebook).

expect: fail
"""
import torch

torch.set_grad_enabled(False)


def add_inplace(t, value):
    return t.add_(value)
