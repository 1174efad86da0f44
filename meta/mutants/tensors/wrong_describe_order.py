"""describe returns (dtype, shape, device): the order is wrong.

expect: fail test_describe_gives_shape_first
expect: fail test_describe_gives_dtype_second
"""


def describe(t):
    return t.dtype, t.shape, t.device
