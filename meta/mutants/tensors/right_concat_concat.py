"""concat with torch.concat and a tuple.

expect: pass
"""

import torch


def concat(tensors, dim=1):
    return torch.concat(tuple(tensors), dim)
