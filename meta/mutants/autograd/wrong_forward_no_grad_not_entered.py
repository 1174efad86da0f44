"""torch.no_grad() called as a statement: it only disables tracking inside a `with` block.

expect: fail test_forward_without_grad_result_does_not_require_grad
"""
import torch


def forward_without_grad(x, w, b):
    torch.no_grad()
    return torch.matmul(x, w) + b
