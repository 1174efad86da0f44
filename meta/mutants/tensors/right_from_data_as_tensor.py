"""from_data with torch.as_tensor: the same inference as torch.tensor.

expect: pass
"""

import torch


def from_data(data):
    return torch.as_tensor(data)
