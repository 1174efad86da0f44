"""`.T` for `.t()`, torch.autograd.backward with grad_tensors, copy.deepcopy snapshots, grad.data.zero_().

expect: pass
"""
import copy

import torch


def accumulated_grads(inp):
    out = torch.square(inp + 1).T
    v = torch.ones(out.shape, dtype=out.dtype, device=out.device)
    snapshots = []
    for step in range(3):
        if step == 2:
            inp.grad.data.zero_()
        torch.autograd.backward(out, grad_tensors=v, retain_graph=True)
        snapshots.append(copy.deepcopy(inp.grad))
    return tuple(snapshots)
