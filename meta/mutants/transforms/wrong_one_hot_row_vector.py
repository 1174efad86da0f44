"""one_hot of shape (1, num_classes): a batch of one instead of a vector.

expect: fail test_one_hot_has_num_classes_entries
expect: fail test_one_hot_has_single_one_at_label
"""
import torch


def one_hot(label, num_classes=10):
    return torch.zeros(1, num_classes).scatter_(1, torch.tensor([[label]]), 1.0)
