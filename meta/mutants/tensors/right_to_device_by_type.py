"""to_device branching on torch.device(device).type, so strings and torch.device objects both work.

expect: pass
"""

import torch


def to_device(t, device):
    d = torch.device(device)
    return t.cpu() if d.type == "cpu" else t.to(d)
