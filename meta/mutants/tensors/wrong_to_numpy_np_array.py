"""to_numpy with np.array(tensor): np.array copies by default.

expect: fail test_to_numpy_shares_memory_tensor_change_shows_in_array
expect: fail test_to_numpy_shares_memory_array_change_shows_in_tensor
"""

import numpy as np


def to_numpy(tensor):
    return np.array(tensor)
