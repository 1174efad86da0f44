"""A second, independent implementation of page 1.5 in another style: np.atleast_3d and np.moveaxis for the
layout, a float32 copy made by torch.tensor, statistics broadcast with unsqueeze, one_hot by comparison with
arange.

expect: pass
"""
import numpy as np
import torch


def to_tensor(image):
    hwc = np.atleast_3d(np.asarray(image))  # (H, W) -> (H, W, 1); (H, W, C) as it is
    return torch.tensor(np.moveaxis(hwc, -1, 0), dtype=torch.float32).div_(255)  # a copy, (C, H, W)


def _per_channel(values, like):
    return torch.tensor(values, dtype=like.dtype, device=like.device).unsqueeze(-1).unsqueeze(-1)  # (C, 1, 1)


def normalize(t, mean, std):
    return torch.sub(t, _per_channel(mean, t)).div(_per_channel(std, t))


def one_hot(label, num_classes=10):
    if label not in range(num_classes):
        raise IndexError(f"label {label} is not one of 0..{num_classes - 1}")
    return torch.arange(num_classes).eq(label).to(torch.float32)
