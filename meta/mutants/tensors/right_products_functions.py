"""matmul with torch.mm, mul with torch.mul.

expect: pass
"""

import torch


def matmul(a, b):
    return torch.mm(a, b)


def mul(a, b):
    return torch.mul(a, b)
