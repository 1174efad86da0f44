"""nn.Linear(512, 28 * 28): in_features and out_features swapped in the first layer.

expect: fail test_neural_network_parameter_shapes_are_the_tutorials
expect: fail test_neural_network_keeps_the_batch_dimension
"""
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(512, 28 * 28),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
