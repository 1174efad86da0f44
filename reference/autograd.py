"""Tutorial 1.7 Automatic differentiation: one layer's gradients, accumulation, stopping tracking."""

from __future__ import annotations

import torch
from torch.nn import functional as F


def single_layer_grads(
    x: torch.Tensor, y: torch.Tensor, w: torch.Tensor, b: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """z = x @ w + b, loss = BCE-with-logits(z, y), backward; returns (loss, w.grad, b.grad).

    w and b must be leaves with requires_grad=True: x (5,), w (5, 3), b (3,) -> z (3,).
    """
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    return loss, w.grad, b.grad


def accumulated_grads(inp: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """inp.grad after one backward, after a second (accumulated), and after zeroing and a third.

    out = (inp + 1).pow(2).t() and v = ones_like(out), so each backward adds 2 * (inp + 1).
    `inp` must be a leaf with requires_grad=True; its .grad is left as after the third backward.
    """
    out = (inp + 1).pow(2).t()
    v = torch.ones_like(out)
    out.backward(v, retain_graph=True)
    first = inp.grad.clone()
    out.backward(v, retain_graph=True)
    second = inp.grad.clone()
    inp.grad.zero_()
    out.backward(v, retain_graph=True)
    third = inp.grad.clone()
    return first, second, third


def forward_without_grad(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """x @ w + b computed under no_grad: the result has requires_grad False."""
    with torch.no_grad():
        return torch.matmul(x, w) + b
