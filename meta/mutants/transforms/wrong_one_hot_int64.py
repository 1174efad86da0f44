"""one_hot built with torch.zeros(..., dtype=torch.long): the tutorial's Lambda makes float.

expect: fail test_one_hot_is_float32
"""
import torch


def one_hot(label, num_classes=10):
    return torch.zeros(num_classes, dtype=torch.long).scatter_(0, torch.tensor(label), value=1)
