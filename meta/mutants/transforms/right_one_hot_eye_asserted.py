"""one_hot as a row of the identity matrix, with the range checked by assert (AssertionError).

expect: pass
"""
import torch


def one_hot(label, num_classes=10):
    assert 0 <= label < num_classes, f"label {label} out of range"
    return torch.eye(num_classes)[label]
