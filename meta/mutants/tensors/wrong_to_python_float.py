"""to_python with float(t): ints and bools come back as floats.

expect: fail test_to_python_returns_a_python_number
expect: fail test_to_python_gives_back_the_value_of_any_one_element_tensor
"""


def to_python(t):
    return float(t)
