"""mul as a.float() * b.float(): int64 products come back as float32.

expect: fail test_mul_is_the_elementwise_product
"""


def mul(a, b):
    return a.float() * b.float()
