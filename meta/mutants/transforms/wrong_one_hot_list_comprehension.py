"""one_hot from a list comprehension of 0. and 1.: a label past the end gives all zeros.

expect: fail test_one_hot_refuses_label_past_the_last_class
"""
import torch


def one_hot(label, num_classes=10):
    return torch.tensor([1.0 if i == label else 0.0 for i in range(num_classes)])
