"""bias=False on the last layer: 10 parameters and a state_dict key missing.

expect: fail test_neural_network_state_dict_holds_the_tutorials_tensors
expect: fail test_neural_network_has_669706_trainable_parameters
expect: fail test_neural_network_matches_tutorial_model_with_same_weights
"""
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
            nn.Linear(512, 10, bias=False),
        )

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
