"""reduction="sum" divided by 3, the tutorial's number of outputs: the mean only where z has 3 entries.

expect: fail test_single_layer_loss_is_bce_with_logits_of_x_at_w_plus_b
expect: fail test_single_layer_grads_are_the_analytic_gradients
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y, reduction="sum") / 3
    loss.backward()
    return loss, w.grad, b.grad
