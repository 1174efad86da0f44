"""forward returns softmax probabilities when the model is in eval mode ("at inference"): predict and the
test loop would get probabilities, and CrossEntropyLoss in a test loop would apply log-softmax twice.

expect: fail test_neural_network_gives_the_same_logits_in_eval_mode
"""
import torch
from torch import nn


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
        logits = self.linear_relu_stack(self.flatten(x))
        if not self.training:
            return torch.softmax(logits, dim=1)
        return logits
