"""Returns (loss, b.grad, w.grad): the gradients in the wrong order.

expect: fail test_single_layer_grads_are_the_analytic_gradients
expect: fail test_single_layer_grads_with_ones_input_every_row_of_w_grad_is_b_grad
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    loss = F.binary_cross_entropy_with_logits(torch.matmul(x, w) + b, y)
    loss.backward()
    return loss, b.grad, w.grad
