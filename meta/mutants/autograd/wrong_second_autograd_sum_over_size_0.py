"""right_second_autograd with the BCE summed and divided by logits.size(0): the 3 outputs of one sample,
but only the N samples of a batch (N, 3), not its N * 3 entries.

expect: fail test_single_layer_grads_of_a_batch_average_over_samples_and_outputs
"""
import torch
from torch.nn import functional as F


def single_layer_grads(x, y, w, b):
    logits = F.linear(x, w.t(), b)
    loss = F.binary_cross_entropy_with_logits(logits, y, reduction="sum") / logits.size(0)
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
