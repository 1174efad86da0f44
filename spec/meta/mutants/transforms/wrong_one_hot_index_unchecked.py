"""one_hot by out[label] = 1 without a range check: label -1 sets the last class instead of raising.

expect: fail test_one_hot_refuses_negative_label
"""
import torch


def one_hot(label, num_classes=10):
    out = torch.zeros(num_classes)
    out[label] = 1
    return out
