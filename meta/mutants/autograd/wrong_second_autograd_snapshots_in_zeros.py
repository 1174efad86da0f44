"""right_second_autograd copying each snapshot into torch.zeros(inp.grad.shape): float32 on the CPU,
whatever inp's dtype and device.

expect: fail test_accumulated_grads_keeps_the_dtype_of_inp
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
        snapshots.append(torch.zeros(inp.grad.shape).copy_(inp.grad))
    return tuple(snapshots)


@torch.no_grad()
def forward_without_grad(x, w, b):
    return torch.matmul(x, w).add(b)
