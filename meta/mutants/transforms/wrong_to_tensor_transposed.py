"""to_tensor with permute(2, 1, 0): (C, W, H), height and width swapped.

expect: fail test_to_tensor_is_channel_first_c_h_w
expect: fail test_to_tensor_moves_channels_first_keeping_each_pixel
"""
import numpy as np
import torch


def to_tensor(image):
    array = np.array(image)
    if array.ndim == 2:
        array = array[:, :, None]
    return torch.from_numpy(array).permute(2, 1, 0).float() / 255
