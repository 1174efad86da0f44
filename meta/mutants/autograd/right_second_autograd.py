"""A second implementation of page 1.7, in another style than reference/autograd.py: F.linear and
torch.autograd.backward(inputs=...), a loop of snapshots with inp.grad = None, a @torch.no_grad() decorator.

expect: pass
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    logits = F.linear(x, w.t(), b)
    loss = F.binary_cross_entropy_with_logits(logits, y, reduction="mean")
    torch.autograd.backward(loss, inputs=[w, b])
    return loss.detach(), w.grad, b.grad


def accumulated_grads(inp):
    out = torch.square(inp + 1).t()
    seed = torch.ones_like(out)
    snapshots = []
    for step in range(3):
        if step == 2:
            inp.grad = None
        torch.autograd.backward(out, grad_tensors=seed, retain_graph=True)
        snapshots.append(inp.grad.detach().clone())
    return tuple(snapshots)


@torch.no_grad()
def forward_without_grad(x, w, b):
    return torch.matmul(x, w).add(b)
