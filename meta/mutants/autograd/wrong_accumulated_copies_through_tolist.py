"""Snapshots with torch.tensor(inp.grad.tolist()): a copy, but Python floats come back as float32.

expect: fail test_accumulated_grads_keeps_the_dtype_of_inp
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    out.backward(torch.ones_like(out), retain_graph=True)
    first = torch.tensor(inp.grad.tolist())
    out.backward(torch.ones_like(out), retain_graph=True)
    second = torch.tensor(inp.grad.tolist())
    inp.grad.zero_()
    out.backward(torch.ones_like(out), retain_graph=True)
    third = torch.tensor(inp.grad.tolist())
    return first, second, third
