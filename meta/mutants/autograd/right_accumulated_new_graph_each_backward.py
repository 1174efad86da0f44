"""Builds the graph again for every backward (so no retain_graph); snapshots with * 1; zeroes by assigning zeros.

expect: pass
"""
import torch


def accumulated_grads(inp):
    def backward_once():
        out = (inp + 1).pow(2).t()
        out.backward(torch.ones_like(out))

    backward_once()
    first = inp.grad * 1
    backward_once()
    second = inp.grad * 1
    inp.grad = torch.zeros_like(inp)
    backward_once()
    return first, second, inp.grad * 1
