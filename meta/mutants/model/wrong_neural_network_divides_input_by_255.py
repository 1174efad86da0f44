"""forward scales the input by 1/255 (normalising twice).

expect: fail test_neural_network_feeds_flattened_pixels_to_first_linear
expect: fail test_neural_network_matches_tutorial_model_with_same_weights
"""
import torch
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        x = self.flatten(x) / 255
        return self.linear_relu_stack(x)
