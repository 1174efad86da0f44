"""Collects the snapshots in a module-level list and returns its first three: a second call returns the
first call's gradients.

(Already caught: hypothesis calls the function once per example.)

expect: fail test_accumulated_grads_first_backward_gives_2_times_inp_plus_1
"""
import torch

snapshots = []


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    for i in range(3):
        if i == 2:
            inp.grad.zero_()
        out.backward(torch.ones_like(out), retain_graph=True)
        snapshots.append(inp.grad.clone())
    return snapshots[0], snapshots[1], snapshots[2]
