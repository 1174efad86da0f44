"""to_python with t.numpy().item(): refuses a tensor that requires grad, such as a loss.

expect: fail test_to_python_of_a_tensor_that_requires_grad
"""


def to_python(t):
    return t.numpy().item()
