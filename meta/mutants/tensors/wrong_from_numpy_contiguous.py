"""from_numpy of np.ascontiguousarray(array): a transposed array gets copied.

expect: fail test_from_numpy_shares_memory_array_change_shows_in_tensor
"""

import numpy as np
import torch


def from_numpy(array):
    return torch.from_numpy(np.ascontiguousarray(array))
