"""from_numpy(...).float(): float64 and integer arrays are converted, i.e. copied.

expect: fail test_from_numpy_keeps_dtype_shape_and_values
expect: fail test_from_numpy_shares_memory_array_change_shows_in_tensor
"""

import torch


def from_numpy(array):
    return torch.from_numpy(array).float()
