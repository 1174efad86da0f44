"""A second implementation of page 1.6, in another style than reference/model.py: the model IS an
nn.Sequential (named layers, no forward of its own), the device a torch.device, predict through torch.max.

expect: pass
"""
from collections import OrderedDict

import torch
from torch import nn

PIXELS, HIDDEN, CLASSES = 28 * 28, 512, 10


class NeuralNetwork(nn.Sequential):
    """Flatten -> 784-512 -> ReLU -> 512-512 -> ReLU -> 512-10; returns logits (N, 10)."""

    def __init__(self):
        super().__init__(OrderedDict([
            ("flat", nn.Flatten(start_dim=1)),
            ("fc1", nn.Linear(PIXELS, HIDDEN)),
            ("act1", nn.ReLU()),
            ("fc2", nn.Linear(HIDDEN, HIDDEN)),
            ("act2", nn.ReLU()),
            ("out", nn.Linear(HIDDEN, CLASSES)),
        ]))


def get_device():
    return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")


def predict(model, images):
    model.train(False)
    with torch.no_grad():
        scores = model(images)
    return torch.max(scores, dim=1).indices
