"""out.sum().backward(): the same Jacobian product as out.backward(ones_like(out)); the last result uncopied.

expect: pass
"""


def accumulated_grads(inp):
    total = (inp + 1).pow(2).t().sum()
    total.backward(retain_graph=True)
    first = inp.grad.detach().clone()
    total.backward(retain_graph=True)
    second = inp.grad.detach().clone()
    inp.grad.zero_()
    total.backward()
    return first, second, inp.grad
