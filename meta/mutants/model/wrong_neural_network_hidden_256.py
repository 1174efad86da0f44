"""Hidden layers of 256 units instead of 512.

expect: fail test_neural_network_parameter_shapes_are_the_tutorials
expect: fail test_neural_network_has_669706_trainable_parameters
expect: fail test_neural_network_printed_shows_its_layers_in_order
expect: fail test_neural_network_matches_tutorial_model_with_same_weights
"""
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 256),
            nn.ReLU(),
            nn.Linear(256, 256),
            nn.ReLU(),
            nn.Linear(256, 10),
        )

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
