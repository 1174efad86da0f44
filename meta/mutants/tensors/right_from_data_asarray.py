"""from_data with torch.asarray.

expect: pass
"""

import torch


def from_data(data):
    return torch.asarray(data)
