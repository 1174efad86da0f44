"""matmul with *: the element-wise product.

expect: fail test_matmul_is_the_matrix_product
expect: fail test_matmul_of_tensor_and_its_transpose_is_not_elementwise
"""


def matmul(a, b):
    return a * b
