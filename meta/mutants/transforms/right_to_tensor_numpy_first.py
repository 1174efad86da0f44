"""to_tensor in NumPy: float32 division, transpose, then from_numpy.

expect: pass
"""
import numpy as np
import torch


def to_tensor(image):
    array = np.atleast_3d(np.asarray(image)).astype(np.float32) / 255
    return torch.from_numpy(array.transpose(2, 0, 1).copy())
