"""to_tensor with torch.as_tensor, movedim and a float64 division rounded to float32.

expect: pass
"""
import numpy as np
import torch


def to_tensor(image):
    t = torch.as_tensor(np.array(image))
    if t.ndim == 2:
        t = t.unsqueeze(-1)
    return (t.movedim(-1, 0).double() / 255.0).float()
