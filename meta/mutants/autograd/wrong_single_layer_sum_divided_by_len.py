"""Sums the BCE and divides by len(z): the mean over the 3 outputs of one sample, but for a batch (N, 3) it
divides by N instead of N * 3.

expect: fail test_single_layer_grads_of_a_batch_average_over_samples_and_outputs
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y, reduction="sum") / len(z)
    loss.backward()
    return loss, w.grad, b.grad
