"""nn.Dropout(0.2) on the flattened pixels, held in its own attribute: the state_dict keys stay the
tutorial's, but the forward is random in train mode and differs from eval mode.

expect: fail test_neural_network_gives_the_same_logits_in_eval_mode
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
        self.dropout = nn.Dropout(0.2)

    def forward(self, x):
        return self.linear_relu_stack(self.dropout(self.flatten(x)))
