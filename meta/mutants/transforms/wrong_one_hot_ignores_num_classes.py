"""one_hot with the tutorial's 10 hard-coded: num_classes is ignored.

expect: fail test_one_hot_has_single_one_at_label
expect: fail test_one_hot_has_num_classes_entries
"""
import torch


def one_hot(label, num_classes=10):
    return torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(label), value=1)
