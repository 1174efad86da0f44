"""Returns inp.grad itself three times: backward updates it in place, so all three show the last value.

expect: fail test_accumulated_grads_returns_three_separate_snapshots
expect: fail test_accumulated_grads_second_backward_adds_to_the_first
expect: fail test_accumulated_grads_on_tutorials_eye_4_5
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    out.backward(torch.ones_like(out), retain_graph=True)
    first = inp.grad
    out.backward(torch.ones_like(out), retain_graph=True)
    second = inp.grad
    inp.grad.zero_()
    out.backward(torch.ones_like(out), retain_graph=True)
    third = inp.grad
    return first, second, third
