"""normalize multiplying by std instead of dividing.

expect: fail test_normalize_applies_the_formula_per_channel
"""
import torch


def normalize(t, mean, std):
    m = torch.tensor(mean, device=t.device).view(-1, 1, 1)
    s = torch.tensor(std, device=t.device).view(-1, 1, 1)
    return (t - m) * s
