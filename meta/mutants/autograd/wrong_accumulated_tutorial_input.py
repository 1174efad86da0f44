"""Copies the tutorial's cell: uses its own torch.eye(4, 5) instead of the inp passed in.

expect: fail test_accumulated_grads_first_backward_gives_2_times_inp_plus_1
expect: fail test_accumulated_grads_leaves_the_last_gradient_in_inp_grad
"""
import torch


def accumulated_grads(inp):
    inp = torch.eye(4, 5, requires_grad=True)
    out = (inp + 1).pow(2).t()
    out.backward(torch.ones_like(out), retain_graph=True)
    first = inp.grad.clone()
    out.backward(torch.ones_like(out), retain_graph=True)
    second = inp.grad.clone()
    inp.grad.zero_()
    out.backward(torch.ones_like(out), retain_graph=True)
    return first, second, inp.grad.clone()
