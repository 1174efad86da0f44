"""Forgets inp.grad.zero_(): the third backward accumulates on top of the second.

expect: fail test_accumulated_grads_zeroing_restarts_accumulation
expect: fail test_accumulated_grads_leaves_the_last_gradient_in_inp_grad
expect: fail test_accumulated_grads_on_tutorials_eye_4_5
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    v = torch.ones_like(out)
    out.backward(v, retain_graph=True)
    first = inp.grad.clone()
    out.backward(v, retain_graph=True)
    second = inp.grad.clone()
    out.backward(v, retain_graph=True)
    return first, second, inp.grad.clone()
