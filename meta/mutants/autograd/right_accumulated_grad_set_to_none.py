"""inp.grad = None instead of zero_() (what optimizer.zero_grad() does by default), copies with `* 1`.

expect: pass
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    v = torch.ones(out.shape, dtype=out.dtype, device=out.device)
    grads = []
    for zero_first in (False, False, True):
        if zero_first:
            inp.grad = None
        out.backward(v, retain_graph=True)
        grads.append(inp.grad * 1)
    return tuple(grads)
