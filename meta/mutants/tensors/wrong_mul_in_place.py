"""mul with a.mul_(b): the right values, but a is overwritten.

expect: fail test_matmul_and_mul_leave_operands_unchanged
"""


def mul(a, b):
    return a.mul_(b)
