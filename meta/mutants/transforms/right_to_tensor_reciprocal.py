"""to_tensor multiplying by 1 / 255 (as v2.ToDtype(scale=True) does): within one float32 step of k / 255.

expect: pass
"""
import numpy as np
import torch


def to_tensor(image):
    array = np.atleast_3d(np.array(image))
    return torch.from_numpy(array).permute(2, 0, 1).float() * (1 / 255)
