"""x.view(64, 784): the DataLoader's batch size written into the model; the last, smaller batch fails.

expect: fail test_neural_network_keeps_the_batch_dimension
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
        return self.linear_relu_stack(x.view(64, 28 * 28))
