"""from_data with the torch.Tensor constructor: always float32, ints and bools lose their dtype.

expect: fail test_from_data_infers_int64_from_ints
expect: fail test_from_data_infers_bool_from_bools
"""

import torch


def from_data(data):
    return torch.Tensor(data)
