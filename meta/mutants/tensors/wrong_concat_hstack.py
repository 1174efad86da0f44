"""concat with torch.hstack: always side by side, whatever dim says.

expect: fail test_concat_joins_along_dim
expect: fail test_concat_matches_torch_cat
"""

import torch


def concat(tensors, dim=1):
    return torch.hstack(tensors)
