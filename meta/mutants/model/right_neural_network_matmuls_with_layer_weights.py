"""Explicit matmuls through the Linear modules parameters (x @ W.T + b), float cast of the input.

expect: pass
"""
import torch
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))

    def forward(self, x):
        h = self.flatten(x.float())  # (N, 1, 28, 28) or (N, 28, 28) -> (N, 784)
        l0, _, l2, _, l4 = self.linear_relu_stack
        h = torch.clamp(h @ l0.weight.T + l0.bias, min=0)
        h = torch.clamp(h @ l2.weight.T + l2.bias, min=0)
        return h @ l4.weight.T + l4.bias
