"""concat defaulting to dim=-1, the last dimension: the same as dim=1 for matrices only.

expect: fail test_concat_defaults_to_dim_1
"""

import torch


def concat(tensors, dim=-1):
    return torch.cat(tensors, dim=dim)
