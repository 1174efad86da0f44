"""Sigmoid, then nn.BCELoss: the same loss, less stable for large |z| (the spec keeps |z| small).

expect: pass
"""
import torch
from torch import nn


def single_layer_grads(x, y, w, b):
    probabilities = torch.sigmoid(x @ w + b)
    loss = nn.BCELoss()(probabilities, y)
    loss.backward()
    return loss, w.grad, b.grad
