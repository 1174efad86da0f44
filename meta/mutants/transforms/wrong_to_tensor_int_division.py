"""to_tensor with // 255: integer division, uint8 values 0 or 1.

expect: fail test_to_tensor_is_float32
expect: fail test_to_tensor_scales_pixels_to_0_1
"""
import numpy as np
import torch


def to_tensor(image):
    array = np.atleast_3d(np.array(image))
    return torch.from_numpy(array).permute(2, 0, 1) // 255
