"""right_second_transforms whose statistics take t's number of dimensions, channels at dimension 1 of a 4-D batch
and at dimension 0 otherwise: a (N1, N2, C, H, W) batch is normalized along N1.

expect: fail test_normalize_takes_any_number_of_batch_dimensions
"""
import numpy as np
import torch


def to_tensor(image):
    hwc = np.atleast_3d(np.asarray(image))  # (H, W) -> (H, W, 1); (H, W, C) as it is
    return torch.tensor(np.moveaxis(hwc, -1, 0), dtype=torch.float32).div_(255)  # a copy, (C, H, W)


def _per_channel(values, like):
    shape = [1, -1, 1, 1] if like.dim() == 4 else [-1] + [1] * (like.dim() - 1)
    return torch.tensor(values, dtype=like.dtype, device=like.device).reshape(shape)


def normalize(t, mean, std):
    return torch.sub(t, _per_channel(mean, t)).div(_per_channel(std, t))


def one_hot(label, num_classes=10):
    if label not in range(num_classes):
        raise IndexError(f"label {label} is not one of 0..{num_classes - 1}")
    return torch.arange(num_classes).eq(label).to(torch.float32)
