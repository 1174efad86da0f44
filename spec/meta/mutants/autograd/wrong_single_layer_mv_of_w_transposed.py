"""z = torch.mv(w.t(), x) + b: right for the tutorial's one sample x (5,), but a batch x (N, 5) is refused,
although the page's z = torch.matmul(x, w) + b takes it.

expect: fail test_single_layer_grads_of_a_batch_average_over_samples_and_outputs
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    z = torch.mv(w.t(), x) + b
    loss = F.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    return loss, w.grad, b.grad
