"""nn.BCEWithLogitsLoss as a module, z through F.linear (weight transposed).

expect: pass
"""
from torch import nn
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    loss_fn = nn.BCEWithLogitsLoss()
    loss = loss_fn(F.linear(x, w.t(), b), y)
    loss.backward()
    return loss, w.grad, b.grad
