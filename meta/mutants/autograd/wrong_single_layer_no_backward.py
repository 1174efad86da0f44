"""Forgets loss.backward(): w.grad and b.grad are still None.

expect: fail test_single_layer_grads_are_the_analytic_gradients
expect: fail test_single_layer_grads_fills_w_grad_and_b_grad
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y)
    return loss, w.grad, b.grad
