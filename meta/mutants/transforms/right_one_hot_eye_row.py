"""one_hot as a row of the identity matrix, torch.eye(n)[label]: labels 0..n-1 are all the contract has.

expect: pass
"""
import torch


def one_hot(label, num_classes=10):
    return torch.eye(num_classes)[label]
