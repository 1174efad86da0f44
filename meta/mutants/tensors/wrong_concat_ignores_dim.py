"""concat calls torch.cat(tensors): dim is ignored, always 0.

expect: fail test_concat_of_three_4x4_on_dim_1_gives_4x12
expect: fail test_concat_dim_1_is_the_second_dimension
expect: fail test_concat_joins_along_dim
"""

import torch


def concat(tensors, dim=1):
    return torch.cat(tensors)
