"""A ReLU after the last Linear too, as the tutorial once had by mistake: logits can no longer be negative.

expect: fail test_neural_network_returns_last_linear_output_unchanged
expect: fail test_neural_network_logits_can_be_negative
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
            nn.ReLU(),
            nn.Linear(512, 10),
            nn.ReLU(),
        )

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
