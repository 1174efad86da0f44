"""from_data with dtype=torch.float: ints and bools become float32.

expect: fail test_from_data_infers_int64_from_ints
expect: fail test_from_data_infers_bool_from_bools
"""

import torch


def from_data(data):
    return torch.tensor(data, dtype=torch.float)
