"""normalize with mean and std as float32 tensors (torch.tensor(mean)): float32 and float64 images keep their
dtype; half precision is outside the page.

expect: pass
"""
import torch


def normalize(t, mean, std):
    mean = torch.tensor(mean, device=t.device).view(-1, 1, 1)
    std = torch.tensor(std, device=t.device).view(-1, 1, 1)
    return (t - mean) / std
