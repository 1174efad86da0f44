"""set_grad_enabled(False), then set_grad_enabled(True) "to restore": a caller under no_grad gets grad mode back on.

expect: fail test_forward_without_grad_keeps_a_callers_no_grad_mode
"""
import torch


def forward_without_grad(x, w, b):
    torch.set_grad_enabled(False)
    z = x @ w + b
    torch.set_grad_enabled(True)
    return z
