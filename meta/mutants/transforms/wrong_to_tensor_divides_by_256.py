"""to_tensor dividing by 256 (the number of levels) instead of 255 (the largest value).

expect: fail test_to_tensor_scales_pixels_to_0_1
"""
import numpy as np
import torch


def to_tensor(image):
    array = np.atleast_3d(np.array(image))
    return torch.from_numpy(array).permute(2, 0, 1).float() / 256
