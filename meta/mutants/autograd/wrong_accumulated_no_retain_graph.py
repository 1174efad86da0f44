"""No retain_graph: the first backward frees the graph and the second raises.

expect: fail test_accumulated_grads_keeps_the_graph_for_the_next_backward
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    v = torch.ones_like(out)
    out.backward(v)
    first = inp.grad.clone()
    out.backward(v)
    second = inp.grad.clone()
    inp.grad.zero_()
    out.backward(v)
    return first, second, inp.grad.clone()
