"""v = torch.ones(5, 4), the tutorial's shape written in: only inp of shape (4, 5) works.

expect: fail test_accumulated_grads_first_backward_gives_2_times_inp_plus_1
expect: fail test_accumulated_grads_second_backward_adds_to_the_first
expect: fail test_accumulated_grads_zeroing_restarts_accumulation
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    v = torch.ones(5, 4, device=inp.device)
    out.backward(v, retain_graph=True)
    first = inp.grad.clone()
    out.backward(v, retain_graph=True)
    second = inp.grad.clone()
    inp.grad.zero_()
    out.backward(v, retain_graph=True)
    third = inp.grad.clone()
    return first, second, third
