"""normalize with mean and std made tensors without the image's dtype: a half-precision image comes back float32.

torch.tensor([0.485, 0.456, 0.406]) is float32; float16 - float32 promotes to float32, where
T.Normalize (and the tutorial's transform) keeps the image's dtype.

expect: fail test_normalize_keeps_dtype
"""
import torch


def normalize(t, mean, std):
    mean = torch.tensor(mean, device=t.device).view(-1, 1, 1)
    std = torch.tensor(std, device=t.device).view(-1, 1, 1)
    return (t - mean) / std
