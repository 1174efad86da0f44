"""The loss written out with logsigmoid, z by einsum, and copies of the gradients returned.

expect: pass
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    z = torch.einsum("i,ij->j", x, w) + b
    loss = -(y * F.logsigmoid(z) + (1 - y) * F.logsigmoid(-z)).mean()
    loss.backward()
    return loss.detach(), w.grad.clone(), b.grad.clone()
