"""Writes x @ w as (x[:, None] * w).sum(0): the same for one sample, wrong (or an error) for a batch.

expect: fail test_single_layer_grads_of_a_batch_average_over_samples_and_outputs
"""
import torch


def single_layer_grads(x, y, w, b):
    z = (x[:, None] * w).sum(0) + b
    loss = torch.nn.BCEWithLogitsLoss()(z, y)
    loss.backward()
    return loss, w.grad, b.grad
