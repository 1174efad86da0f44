"""one_hot by assigning 1 at the label, checking the range itself.

expect: pass
"""
import torch


def one_hot(label, num_classes=10):
    if not 0 <= label < num_classes:
        raise IndexError(f'label {label} out of range')
    out = torch.zeros(num_classes, dtype=torch.float32)
    out[label] = 1
    return out
