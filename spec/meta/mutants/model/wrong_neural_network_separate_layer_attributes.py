"""The same computation with layers as attributes fc1, fc2, fc3: the state_dict no longer loads the
tutorial's weights (keys linear_relu_stack.{0,2,4}.*).

expect: fail test_neural_network_state_dict_keys_are_the_tutorials
expect: fail test_neural_network_named_parameters_list_weight_then_bias_per_layer
expect: fail test_neural_network_matches_tutorial_model_with_same_weights
"""
from torch import nn
from torch.nn import functional as F


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 512)
        self.fc2 = nn.Linear(512, 512)
        self.fc3 = nn.Linear(512, 10)

    def forward(self, x):
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))
