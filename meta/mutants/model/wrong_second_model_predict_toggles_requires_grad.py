"""right_second_model's predict with model.requires_grad_(False) ... requires_grad_(True) instead of no_grad:
no graph is recorded, but a layer the caller had frozen comes back trainable.

expect: fail test_predict_leaves_the_models_parameters_as_they_were
expect: fail test_predict_runs_forward_without_gradient_tracking
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
    model.requires_grad_(False)
    scores = model(images)
    model.requires_grad_(True)
    return torch.max(scores, dim=1).indices
