"""Calls torch.manual_seed(0) in __init__ "for reproducibility": every model starts from the same weights,
and building one resets the caller's random stream (shuffling, dropout) too.

expect: fail test_neural_network_instances_start_from_different_weights
"""
import torch
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
