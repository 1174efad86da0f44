"""describe with t.size() and a list; to_device with torch.device(...).

expect: pass
"""

import torch


def describe(t):
    return [t.size(), t.dtype, t.device]


def to_device(t, device):
    return t.to(torch.device(device))
