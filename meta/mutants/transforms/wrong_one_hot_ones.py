"""one_hot starting from torch.ones: every entry is 1.

expect: fail test_one_hot_has_single_one_at_label
"""
import torch


def one_hot(label, num_classes=10):
    return torch.ones(num_classes).scatter_(0, torch.tensor(label), value=1)
