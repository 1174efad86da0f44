"""single_layer_grads that normalizes x in place under no_grad before the forward: right gradients for the
scaled x it used, but the caller's x is changed.

expect: fail test_autograd_functions_leave_the_values_of_their_inputs_unchanged
"""

import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    with torch.no_grad():
        x.div_(x.abs().max().clamp(min=1.0) * 2)
    loss = F.binary_cross_entropy_with_logits(torch.matmul(x, w) + b, y)
    loss.backward()
    return loss, w.grad, b.grad
