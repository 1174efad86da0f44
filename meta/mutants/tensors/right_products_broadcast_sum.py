"""matmul as a broadcast product summed over k (another summation order).

expect: pass
"""


def matmul(a, b):
    return (a[:, :, None] * b[None, :, :]).sum(dim=1)


def mul(a, b):
    return a * b
