"""one_hot as a row of the identity matrix, unchecked: label -1 silently gives the last class.

expect: fail test_one_hot_refuses_negative_label
"""
import torch


def one_hot(label, num_classes=10):
    return torch.eye(num_classes)[label]
