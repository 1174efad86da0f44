"""to_python as t.sum().item(): a tensor of many elements is summed, not refused.

expect: fail test_to_python_refuses_tensor_without_exactly_one_element
"""


def to_python(t):
    return t.sum().item()
