"""Sets requires_grad=False on the result: only allowed on leaves, so it raises.

expect: fail test_forward_without_grad_result_does_not_require_grad
expect: fail test_forward_without_grad_equals_x_at_w_plus_b
"""
import torch


def forward_without_grad(x, w, b):
    z = torch.matmul(x, w) + b
    z.requires_grad_(False)
    return z
