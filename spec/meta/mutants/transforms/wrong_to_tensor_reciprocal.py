"""to_tensor multiplying by 1 / 255 (like v2.ToDtype(scale=True)): 1 ulp off for half the values.

expect: fail test_to_tensor_maps_k_to_exactly_k_over_255
expect: fail test_to_tensor_matches_torchvision_ToTensor
"""
import numpy as np
import torch


def to_tensor(image):
    array = np.atleast_3d(np.array(image))
    return torch.from_numpy(array).permute(2, 0, 1).float() * (1 / 255)
