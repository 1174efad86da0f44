"""from_data through np.array: Python floats become float64, not torch's float32.

expect: fail test_from_data_infers_float32_from_floats
"""

import numpy as np
import torch


def from_data(data):
    return torch.from_numpy(np.array(data))
