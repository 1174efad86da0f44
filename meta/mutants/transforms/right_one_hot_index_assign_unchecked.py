"""one_hot by out[label] = 1 with no range check: label n raises IndexError by itself.

expect: pass
"""
import torch


def one_hot(label, num_classes=10):
    out = torch.zeros(num_classes)
    out[label] = 1
    return out
