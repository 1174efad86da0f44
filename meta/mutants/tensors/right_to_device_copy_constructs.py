"""to_device with torch.tensor(t, device=device): the right tensor; torch only advises .detach().clone().

expect: pass
"""

import torch


def to_device(t, device):
    return torch.tensor(t, device=device)
