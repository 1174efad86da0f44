"""describe returns t.size, the method, instead of the shape.

expect: fail test_describe_gives_shape_first
"""


def describe(t):
    return t.size, t.dtype, t.device
