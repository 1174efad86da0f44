"""An empty Sequential filled with append, and x.reshape(-1, 784) in forward.

expect: pass
"""
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear_relu_stack = nn.Sequential()
        self.linear_relu_stack.append(nn.Linear(784, 512))
        self.linear_relu_stack.append(nn.ReLU())
        self.linear_relu_stack.append(nn.Linear(512, 512))
        self.linear_relu_stack.append(nn.ReLU())
        self.linear_relu_stack.append(nn.Linear(512, 10))

    def forward(self, x):
        logits = self.linear_relu_stack(x.reshape(-1, 784))
        return logits
