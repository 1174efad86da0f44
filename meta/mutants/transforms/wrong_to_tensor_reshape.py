"""to_tensor with reshape(C, H, W) instead of permute: right shape, pixels scrambled.

expect: fail test_to_tensor_moves_channels_first_keeping_each_pixel
expect: fail test_to_tensor_matches_torchvision_ToTensor
"""
import numpy as np
import torch


def to_tensor(image):
    array = np.array(image)
    if array.ndim == 2:
        array = array[:, :, None]
    h, w, c = array.shape
    return torch.from_numpy(array.copy()).reshape(c, h, w).float() / 255
