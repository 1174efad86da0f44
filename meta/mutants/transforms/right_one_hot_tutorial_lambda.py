"""one_hot exactly as the tutorial's Lambda, with scatter_.

expect: pass
"""
import torch


def one_hot(label, num_classes=10):
    return torch.zeros(num_classes, dtype=torch.float).scatter_(0, torch.tensor(label), value=1)
