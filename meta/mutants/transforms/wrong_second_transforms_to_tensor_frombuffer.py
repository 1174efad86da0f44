"""right_second_transforms reading an array's bytes with torch.frombuffer (no copy): a crop's memory is not one
block, and its buffer is refused.

expect: fail test_to_tensor_takes_a_cropped_array
"""
import numpy as np
import torch


def to_tensor(image):
    hwc = np.atleast_3d(image if isinstance(image, np.ndarray) else np.array(image))
    flat = torch.frombuffer(hwc, dtype=torch.uint8)
    return flat.view(hwc.shape).permute(2, 0, 1).to(torch.float32).div_(255)


def _per_channel(values, like):
    return torch.tensor(values, dtype=like.dtype, device=like.device).unsqueeze(-1).unsqueeze(-1)  # (C, 1, 1)


def normalize(t, mean, std):
    return torch.sub(t, _per_channel(mean, t)).div(_per_channel(std, t))


def one_hot(label, num_classes=10):
    if label not in range(num_classes):
        raise IndexError(f"label {label} is not one of 0..{num_classes - 1}")
    return torch.arange(num_classes).eq(label).to(torch.float32)
