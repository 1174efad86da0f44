"""from_numpy with torch.asarray, to_numpy with .detach().cpu().numpy() (no copy on the CPU).

expect: pass
"""

import torch


def from_numpy(array):
    return torch.asarray(array)


def to_numpy(tensor):
    return tensor.detach().cpu().numpy()
