"""describe returns t.type(), a string like 'torch.FloatTensor', for the dtype.

expect: fail test_describe_gives_dtype_second
"""


def describe(t):
    return t.shape, t.type(), t.device
