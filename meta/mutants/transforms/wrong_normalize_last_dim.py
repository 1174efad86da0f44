"""normalize broadcasting mean and std of shape (C,) against the last dimension (width).

expect: fail test_normalize_applies_the_formula_per_channel
"""
import torch


def normalize(t, mean, std):
    return (t - torch.tensor(mean, device=t.device)) / torch.tensor(std, device=t.device)
