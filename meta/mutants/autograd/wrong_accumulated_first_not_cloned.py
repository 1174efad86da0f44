"""first = inp.grad without .clone() (the later two cloned): it is the live inp.grad, zeroed and refilled by the
third backward, so it shows the first's numbers only because the third gives the same ones.

expect: fail test_accumulated_grads_first_and_second_are_copies_not_inp_grad
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    v = torch.ones_like(out)
    out.backward(v, retain_graph=True)
    first = inp.grad
    out.backward(v, retain_graph=True)
    second = inp.grad.clone()
    inp.grad.zero_()
    out.backward(v, retain_graph=True)
    third = inp.grad.clone()
    return first, second, third
