"""out = (inp + 1).pow(2) without .t(): with v all ones the Jacobian product is the same; zeroing by fill_(0).

expect: pass
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2)
    v = torch.ones_like(out)
    grads = []
    for step in range(3):
        if step == 2:
            inp.grad.fill_(0)
        out.backward(v, retain_graph=True)
        grads.append(inp.grad.detach().clone())
    return tuple(grads)
