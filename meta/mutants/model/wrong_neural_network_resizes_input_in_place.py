"""Flattens with x.resize_ (mistaken for reshape): the caller's batch becomes (N, 784) after the forward.

expect: fail test_neural_network_forward_leaves_its_input_unchanged
"""
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))

    def forward(self, x):
        x.resize_(x.shape[0], 28 * 28)
        return self.linear_relu_stack(x)
