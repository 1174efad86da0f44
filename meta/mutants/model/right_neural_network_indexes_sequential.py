"""forward indexes the Sequential's linear layers and applies torch.relu between them itself.

expect: pass
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
        layers = self.linear_relu_stack
        x = torch.relu(layers[0](self.flatten(x)))
        x = torch.relu(layers[2](x))
        return layers[4](x)
