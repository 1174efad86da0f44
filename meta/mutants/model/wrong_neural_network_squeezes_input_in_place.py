"""Drops the channel with x.squeeze_(1) before flattening: the caller's (N, 1, 28, 28) batch loses its channel.

expect: fail test_neural_network_forward_leaves_its_input_unchanged
"""
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))

    def forward(self, x):
        if x.dim() == 4:
            x.squeeze_(1)
        return self.linear_relu_stack(self.flatten(x))
