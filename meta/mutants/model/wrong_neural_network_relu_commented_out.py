"""The second ReLU commented out: two linears in a row collapse into one linear map.

expect: fail test_neural_network_applies_relu_after_second_linear
expect: fail test_neural_network_matches_tutorial_model_with_same_weights
"""
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            # nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
