"""nn.ModuleList iterated in forward, F.relu between layers, x.flatten(1).

expect: pass
"""
import torch
import torch.nn.functional as F
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self, sizes=(784, 512, 512, 10)):
        super().__init__()
        layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers += [nn.Linear(a, b), nn.ReLU()]
        self.linear_relu_stack = nn.ModuleList(layers[:-1])

    def forward(self, x):
        x = x.flatten(1)
        for layer in self.linear_relu_stack:
            if isinstance(layer, nn.Linear):
                x = layer(x)
            else:
                x = F.relu(x)
        return x
