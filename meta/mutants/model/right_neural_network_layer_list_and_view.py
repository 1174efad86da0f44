"""Sequential built from a list of sizes, layers applied one by one in a loop, x.view(x.size(0), -1).

expect: pass
"""
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self, sizes=(28 * 28, 512, 512, 10)):
        super().__init__()
        layers = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            layers += [nn.Linear(n_in, n_out), nn.ReLU()]
        self.linear_relu_stack = nn.Sequential(*layers[:-1])  # no ReLU after the output layer

    def forward(self, x):
        x = x.view(x.size(0), -1)
        for layer in self.linear_relu_stack:
            x = layer(x)
        return x
