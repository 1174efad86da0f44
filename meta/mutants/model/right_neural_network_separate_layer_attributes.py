"""The same computation with layers as attributes fc1, fc2, fc3 and F.relu: the names and the style are the
learner's (its state_dict loads its own checkpoints; only the tutorial's key names differ).

expect: pass
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
