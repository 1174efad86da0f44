"""The layers are a default argument: Python builds a default once, so every NeuralNetwork() shares them.

expect: fail test_neural_network_instances_share_no_parameters
"""
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self, linear_relu_stack=nn.Sequential(
            nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = linear_relu_stack

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
