"""Softmax at the end of the stack: the model returns probabilities, and CrossEntropyLoss would apply
log-softmax a second time.

expect: fail test_neural_network_returns_last_linear_output_unchanged
expect: fail test_neural_network_logits_can_be_negative
expect: fail test_neural_network_logits_are_not_probabilities
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
            nn.Softmax(dim=1),
        )

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
