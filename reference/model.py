"""Tutorial 1.6 Build the Neural Network: the quickstart's MLP, the device, prediction."""

from __future__ import annotations

import torch
from torch import nn


class NeuralNetwork(nn.Module):
    """Flatten, then Linear 784-512, ReLU, Linear 512-512, ReLU, Linear 512-10: logits (N, 10)."""

    def __init__(self) -> None:
        super().__init__()
        self.flatten = nn.Flatten()  # keeps dim 0 (the batch); no parameters, so no state_dict keys
        # state_dict keys linear_relu_stack.{0,2,4}.{weight,bias}: the ReLUs at 1 and 3 hold no parameters.
        # 784*512 + 512 + 512*512 + 512 + 512*10 + 10 = 669,706 trainable parameters.
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),  # logits: no activation here (CrossEntropyLoss applies log-softmax itself)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.flatten(x)  # (N, 1, 28, 28) or (N, 28, 28) -> (N, 784)
        return self.linear_relu_stack(x)  # (N, 784) -> (N, 10)


def get_device() -> str:
    """ "cuda" when a CUDA device is usable here, else "cpu"."""
    return "cuda" if torch.cuda.is_available() else "cpu"


def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Class indices (N,) int64 on x's device: eval mode, no gradient tracking, argmax over the logits.

    The model is left in eval mode (as here) or in the mode it came in; the caller's grad mode is kept.
    """
    model.eval()  # dropout and batch norm switch to inference behaviour; the model stays in eval mode
    with torch.no_grad():  # no graph is recorded: faster, and the result does not require grad
        logits = model(x)  # (N, 10)
    return logits.argmax(dim=1)  # (N,): the class with the largest logit, per sample
