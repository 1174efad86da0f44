"""describe with tuple(t.shape); to_device with .cuda()/.cpu().

expect: pass
"""

import torch


def describe(t):
    return tuple(t.shape), t.dtype, t.device


def to_device(t, device):
    return t.cuda() if torch.device(device).type == 'cuda' else t.cpu()
