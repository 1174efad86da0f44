"""mul with @: the matrix product.

expect: fail test_mul_is_the_elementwise_product
"""


def mul(a, b):
    return a @ b
