"""Zeroes inp.grad before the second backward instead of before the third: nothing accumulates.

expect: fail test_accumulated_grads_second_backward_adds_to_the_first
expect: fail test_accumulated_grads_on_tutorials_eye_4_5
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    v = torch.ones_like(out)
    out.backward(v, retain_graph=True)
    first = inp.grad.clone()
    inp.grad.zero_()
    out.backward(v, retain_graph=True)
    second = inp.grad.clone()
    out.backward(v, retain_graph=True)
    return first, second, inp.grad.clone()
