"""Tutorial 1.7 Automatic differentiation: one layer's gradients, accumulation, stopping tracking."""

from __future__ import annotations

import torch
from torch.nn import functional as F


def single_layer_grads(
    x: torch.Tensor, y: torch.Tensor, w: torch.Tensor, b: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """z = x @ w + b, loss = BCE-with-logits(z, y), loss.backward(); returns (loss, w.grad, b.grad).

    w and b must be leaves with requires_grad=True; the tutorial's shapes are x (5,), w (5, 3), b (3,), y (3,).
    A batch x (N, 5), y (N, 3) may be refused with an error; if accepted, the loss is the mean over all N * 3
    entries. w and b that already hold a .grad are left open (accumulate, or zero first).
    """
    z = torch.matmul(x, w) + b  # (5,) @ (5, 3) + (3,) -> (3,)
    loss = F.binary_cross_entropy_with_logits(z, y)  # mean over the 3 outputs; a scalar
    loss.backward()  # fills w.grad (5, 3) and b.grad (3,): only leaves that require grad get .grad
    return loss, w.grad, b.grad


def accumulated_grads(inp: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """inp.grad after one backward, after a second (accumulated), and after zeroing and a third.

    out = (inp + 1).pow(2).t() and v = ones_like(out), so each backward adds 2 * (inp + 1) to inp.grad.
    `inp` must be a leaf with requires_grad=True; its .grad is left as after the third backward.
    """
    out = (inp + 1).pow(2).t()  # (4, 5) -> (5, 4) in the tutorial: not a scalar, so backward needs v
    v = torch.ones_like(out)  # backward(v) computes the Jacobian product v^T J, shaped like inp
    out.backward(v, retain_graph=True)  # retain_graph: the graph's saved tensors survive for the next call
    first = inp.grad.clone()  # clone: inp.grad is updated in place by the next backward
    out.backward(v, retain_graph=True)  # gradients accumulate: inp.grad += 2 * (inp + 1)
    second = inp.grad.clone()
    inp.grad.zero_()  # what optimizer.zero_grad() does for every parameter
    out.backward(v, retain_graph=True)
    third = inp.grad.clone()
    return first, second, third


def forward_without_grad(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """x @ w + b computed under no_grad: the result has requires_grad False (no graph is recorded).

    x, w and b keep their values and requires_grad, and the caller's grad mode is restored. A batch x (N, 5) may
    be refused with an error; if accepted, the result has one row per sample.
    """
    with torch.no_grad():  # restores the previous grad mode on exit; (x @ w + b).detach() gives the same values
        return torch.matmul(x, w) + b
