"""concat with torch.concatenate(axis=...).

expect: pass
"""

import torch


def concat(tensors, dim=1):
    return torch.concatenate(list(tensors), axis=dim)
