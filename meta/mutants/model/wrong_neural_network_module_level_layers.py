"""Layers built once at module level and handed to every instance: two models train the same weights.

expect: fail test_neural_network_instances_share_no_parameters
"""
from torch import nn

flatten = nn.Flatten()
layers = nn.Sequential(nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = flatten
        self.linear_relu_stack = layers

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
