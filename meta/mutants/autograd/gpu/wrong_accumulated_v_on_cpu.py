"""v = torch.ones(out.shape): float32 on the CPU whatever inp is; backward casts the dtype, but a CUDA
out with a CPU v raises (runs only with a GPU).

Not in the meta-tests' quick tier (CPU only): check it on a CUDA machine with
    pytest -m "gpu and autograd and not slow" --impl meta/mutants/autograd/gpu/wrong_accumulated_v_on_cpu.py

expect: fail test_accumulated_grads_on_tutorials_eye_4_5
"""
import torch


def accumulated_grads(inp):
    out = (inp + 1).pow(2).t()
    v = torch.ones(out.shape)
    out.backward(v, retain_graph=True)
    first = inp.grad.clone()
    out.backward(v, retain_graph=True)
    second = inp.grad.clone()
    inp.grad.zero_()
    out.backward(v, retain_graph=True)
    return first, second, inp.grad.clone()
