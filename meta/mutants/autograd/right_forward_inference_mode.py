"""torch.inference_mode(), and torch.addmv for x @ w + b.

expect: pass
"""
import torch


def forward_without_grad(x, w, b):
    with torch.inference_mode():
        return torch.addmv(b, w.t(), x)
