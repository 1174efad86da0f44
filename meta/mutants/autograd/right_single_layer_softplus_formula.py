"""The loss written as mean(softplus(z) - y * z), which is BCE-with-logits exactly; z by torch.mv(w.t(), x).

expect: pass
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    z = torch.mv(w.t(), x) + b
    loss = (F.softplus(z) - y * z).mean()
    loss.backward()
    return loss, w.grad, b.grad
