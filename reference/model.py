"""Tutorial 1.6 Build the Neural Network: the quickstart's MLP, the device, prediction."""

from __future__ import annotations

import torch
from torch import nn


class NeuralNetwork(nn.Module):
    """Flatten, then 784-512-512-10 with ReLU between the linears; returns logits (N, 10)."""

    def __init__(self) -> None:
        super().__init__()
        self.flatten = nn.Flatten()  # (N, 1, 28, 28) -> (N, 784); also (N, 28, 28) -> (N, 784)
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),  # logits: no activation here (CrossEntropyLoss applies log-softmax)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear_relu_stack(self.flatten(x))


def get_device() -> str:
    """"cuda" when a CUDA device is usable here, else "cpu"."""
    return "cuda" if torch.cuda.is_available() else "cpu"


def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Class indices (N,) int64: eval mode, no gradient tracking, argmax over the logits."""
    model.eval()
    with torch.no_grad():
        return model(x).argmax(dim=1)
