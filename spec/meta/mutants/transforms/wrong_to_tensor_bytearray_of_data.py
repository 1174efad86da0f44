"""to_tensor copying the pixels' bytes with bytearray(array.data) into torch.frombuffer: right for every whole
image, but a crop (array[:, 2:5]) is not one block of memory and its buffer is refused.

expect: fail test_to_tensor_takes_a_cropped_array
"""
import numpy as np
import torch


def to_tensor(image):
    array = np.asarray(image)
    h, w = array.shape[:2]
    c = 1 if array.ndim == 2 else array.shape[2]
    flat = torch.frombuffer(bytearray(array.data), dtype=torch.uint8)
    return flat.view(h, w, c).permute(2, 0, 1).float() / 255
