"""Unpacks n, c, h, w = x.shape: (N, 28, 28) images (no channel) raise.

expect: fail test_neural_network_accepts_images_without_channel_dimension
"""
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        n, c, h, w = x.shape
        return self.linear_relu_stack(x.reshape(n, c * h * w))
