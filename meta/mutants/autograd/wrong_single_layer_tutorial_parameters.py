"""Copies the tutorial's cell: makes its own random w and b instead of using the ones passed in.

expect: fail test_single_layer_grads_are_the_analytic_gradients
expect: fail test_single_layer_grads_fills_w_grad_and_b_grad
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    w = torch.randn(x.shape[0], y.shape[0], dtype=x.dtype, device=x.device, requires_grad=True)
    b = torch.randn(y.shape[0], dtype=x.dtype, device=x.device, requires_grad=True)
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    return loss, w.grad, b.grad
