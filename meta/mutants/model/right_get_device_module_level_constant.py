"""The tutorial's module-level `device = "cuda" if torch.cuda.is_available() else "cpu"`, returned by get_device.

CUDA does not come and go in a process, so an answer fixed at import is right.

expect: pass
"""
import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
print(f"Using {device} device")


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
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


def get_device():
    return device


def predict(model, x):
    model.eval()
    with torch.no_grad():
        pred = model(x)
    return pred.argmax(1)
