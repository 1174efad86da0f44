"""from_numpy followed by .clone() 'to be safe': the memory is no longer shared.

expect: fail test_from_numpy_shares_memory_array_change_shows_in_tensor
expect: fail test_from_numpy_shares_memory_tensor_change_shows_in_array
"""

import torch


def from_numpy(array):
    return torch.from_numpy(array).clone()
