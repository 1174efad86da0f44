"""to_tensor through np.asarray (read-only for a PIL image: torch.from_numpy warns, the values are right).

expect: pass
"""
import numpy as np
import torch


def to_tensor(image):
    a = np.asarray(image)
    if a.ndim == 2:
        a = a[:, :, None]  # (H, W) -> (H, W, 1)
    return torch.from_numpy(a).permute(2, 0, 1).contiguous().float().div(255)
