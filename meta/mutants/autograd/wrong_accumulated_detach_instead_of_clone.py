"""inp.grad.detach() shares memory with inp.grad, so the snapshot changes with it (clone() copies).

expect: fail test_accumulated_grads_returns_three_separate_snapshots
expect: fail test_accumulated_grads_second_backward_adds_to_the_first
expect: fail test_accumulated_grads_on_tutorials_eye_4_5
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    v = torch.ones_like(out)
    out.backward(v, retain_graph=True)
    first = inp.grad.detach()
    out.backward(v, retain_graph=True)
    second = inp.grad.detach()
    inp.grad.zero_()
    out.backward(v, retain_graph=True)
    return first, second, inp.grad.detach()
