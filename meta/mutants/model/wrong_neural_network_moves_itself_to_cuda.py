"""__init__ moves the model to cuda when available: NeuralNetwork() is not on the CPU on a GPU machine.

expect: fail test_neural_network_is_made_on_the_cpu
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
        self.to("cuda" if torch.cuda.is_available() else "cpu")

    def forward(self, x):
        x = self.flatten(x)
        return self.linear_relu_stack(x)
