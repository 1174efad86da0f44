"""Copies each snapshot into torch.empty(inp.grad.shape): a float32 CPU buffer, so a float64 inp's
gradients come back rounded to float32.

expect: fail test_accumulated_grads_keeps_the_dtype_of_inp
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    v = torch.ones_like(out)
    snapshots = []
    for i in range(3):
        if i == 2:
            inp.grad.zero_()
        out.backward(v, retain_graph=True)
        snapshots.append(torch.empty(inp.grad.shape).copy_(inp.grad))
    return tuple(snapshots)
