"""matmul copied from the tutorial's tensor @ tensor.T: a @ b.T.

expect: fail test_matmul_is_the_matrix_product
"""


def matmul(a, b):
    return a @ b.T
