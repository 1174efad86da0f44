"""torch.autograd.grad returns the gradients but never stores them in w.grad and b.grad.

expect: fail test_single_layer_grads_fills_w_grad_and_b_grad
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    loss = F.binary_cross_entropy_with_logits(x @ w + b, y)
    w_grad, b_grad = torch.autograd.grad(loss, [w, b])
    return loss, w_grad, b_grad
