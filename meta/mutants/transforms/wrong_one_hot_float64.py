"""one_hot with dtype=float: Python's float is torch.float64, not float32.

expect: fail test_one_hot_is_float32
expect: fail test_one_hot_has_single_one_at_label
"""
import torch


def one_hot(label, num_classes=10):
    return torch.zeros(num_classes, dtype=float).scatter_(0, torch.tensor(label), value=1)
