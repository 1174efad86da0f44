"""to_tensor dividing in NumPy by 255.0: float64, not float32.

expect: fail test_to_tensor_is_float32
"""
import numpy as np
import torch


def to_tensor(image):
    array = np.atleast_3d(np.array(image)) / 255.0
    return torch.from_numpy(array.transpose(2, 0, 1).copy())
