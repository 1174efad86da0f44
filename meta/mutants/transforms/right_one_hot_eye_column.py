"""one_hot as a column of a fresh identity matrix each call: a strided view, the right values, its own storage.

expect: pass
"""
import torch


def one_hot(label, num_classes=10):
    if label < 0 or label >= num_classes:
        raise IndexError(label)
    return torch.eye(num_classes)[:, label]
