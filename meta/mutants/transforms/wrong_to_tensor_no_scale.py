"""to_tensor that forgets to divide by 255: values 0..255.

expect: fail test_to_tensor_scales_pixels_to_0_1
expect: fail test_to_tensor_maps_k_to_k_over_255
"""
import numpy as np
import torch


def to_tensor(image):
    array = np.array(image)
    if array.ndim == 2:
        array = array[:, :, None]
    return torch.from_numpy(array).permute(2, 0, 1).float()
