"""to_device with torch.tensor(t, device=device): torch warns to use clone/detach/to.

expect: fail test_to_device_moves_to_requested_device_keeping_values
"""

import torch


def to_device(t, device):
    return torch.tensor(t, device=device)
