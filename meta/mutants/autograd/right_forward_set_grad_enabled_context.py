"""torch.set_grad_enabled(False) as a context manager, a decorator-free variant of no_grad.

expect: pass
"""
import torch


def forward_without_grad(x, w, b):
    with torch.set_grad_enabled(False):
        z = torch.matmul(x, w)
        z = z + b
    return z
