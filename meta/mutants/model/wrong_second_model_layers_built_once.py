"""right_second_model with its OrderedDict of layers built once, at module level: every NeuralNetwork()
is a Sequential of the same modules, so two models share (and train) the same weights.

expect: fail test_neural_network_instances_share_no_parameters
"""
from collections import OrderedDict

import torch
from torch import nn

PIXELS, HIDDEN, CLASSES = 28 * 28, 512, 10


LAYERS = OrderedDict([
            ("flat", nn.Flatten(start_dim=1)),
            ("fc1", nn.Linear(PIXELS, HIDDEN)),
            ("act1", nn.ReLU()),
            ("fc2", nn.Linear(HIDDEN, HIDDEN)),
            ("act2", nn.ReLU()),
            ("out", nn.Linear(HIDDEN, CLASSES)),
        ])


class NeuralNetwork(nn.Sequential):
    """Flatten -> 784-512 -> ReLU -> 512-512 -> ReLU -> 512-10; returns logits (N, 10)."""

    def __init__(self):
        super().__init__(LAYERS)


def get_device():
    return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")


def predict(model, images):
    model.train(False)
    with torch.no_grad():
        scores = model(images)
    return torch.max(scores, dim=1).indices
