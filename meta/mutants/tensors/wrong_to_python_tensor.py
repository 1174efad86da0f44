"""to_python returns t.squeeze(): still a (0-d) tensor, not a Python number.

expect: fail test_to_python_returns_a_python_number
"""


def to_python(t):
    return t.squeeze()
