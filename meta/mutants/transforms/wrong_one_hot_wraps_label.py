"""one_hot with label % num_classes: an out-of-range label wraps around instead of raising.

expect: fail test_one_hot_refuses_label_past_the_last_class
"""
import torch


def one_hot(label, num_classes=10):
    return torch.eye(num_classes)[label % num_classes]
