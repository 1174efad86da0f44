"""Initialises all weights to zero ("deterministic"): every logit is equal.

expect: fail test_neural_network_starts_from_random_weights
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
        for p in self.parameters():
            nn.init.zeros_(p)

    def forward(self, x):
        x = self.flatten(x)
        return self.linear_relu_stack(x)
