"""matmul as b @ a: the factors in the wrong order.

expect: fail test_matmul_is_the_matrix_product
"""

import torch


def matmul(a, b):
    return torch.mm(b, a)
