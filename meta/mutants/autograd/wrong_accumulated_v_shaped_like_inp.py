"""v = torch.ones_like(inp): out is inp transposed, so v has the wrong shape unless inp is square.

expect: fail test_accumulated_grads_on_tutorials_eye_4_5
expect: fail test_accumulated_grads_first_backward_gives_2_times_inp_plus_1
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    v = torch.ones_like(inp)
    out.backward(v, retain_graph=True)
    first = inp.grad.clone()
    out.backward(v, retain_graph=True)
    second = inp.grad.clone()
    inp.grad.zero_()
    out.backward(v, retain_graph=True)
    return first, second, inp.grad.clone()
