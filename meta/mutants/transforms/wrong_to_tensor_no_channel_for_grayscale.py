"""to_tensor that only permutes 3-D arrays: a grayscale image stays (H, W).

expect: fail test_to_tensor_of_grayscale_has_one_channel
expect: fail test_to_tensor_is_channel_first_c_h_w
"""
import numpy as np
import torch


def to_tensor(image):
    t = torch.from_numpy(np.array(image)).float() / 255
    return t.permute(2, 0, 1) if t.ndim == 3 else t
