"""concat with torch.stack: adds a new dimension instead of joining.

expect: fail test_concat_of_three_4x4_on_dim_1_gives_4x12
expect: fail test_concat_matches_torch_cat
"""

import torch


def concat(tensors, dim=1):
    return torch.stack(tensors, dim=dim)
