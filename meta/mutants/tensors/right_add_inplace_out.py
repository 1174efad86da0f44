"""add_inplace with torch.add(..., out=t), which returns t.

expect: pass
"""

import torch


def add_inplace(t, value):
    return torch.add(t, value, out=t)
