"""get_device through `from torch.cuda import is_available` and functools.cache: right, fixed at import.

expect: pass
"""
import functools

import torch
from torch import nn
from torch.cuda import is_available as cuda_is_available


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))


@functools.cache
def get_device():
    return "cuda" if cuda_is_available() else "cpu"


def predict(model, x):
    model.eval()
    with torch.no_grad():
        return model(x).argmax(dim=1)
