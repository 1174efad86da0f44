"""torch.set_grad_enabled(False) as a statement: tracking stays off for all code that follows.

expect: fail test_forward_without_grad_leaves_grad_mode_enabled
"""
import torch


def forward_without_grad(x, w, b):
    torch.set_grad_enabled(False)
    return torch.matmul(x, w) + b
