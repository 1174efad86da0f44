"""F.binary_cross_entropy on the logits: it expects probabilities (and raises outside [0, 1]).

expect: fail test_single_layer_loss_is_bce_with_logits_of_x_at_w_plus_b
expect: fail test_single_layer_grads_are_the_analytic_gradients
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy(z, y)
    loss.backward()
    return loss, w.grad, b.grad
