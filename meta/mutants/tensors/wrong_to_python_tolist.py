"""to_python with .tolist(): a list for a (1,) tensor.

expect: fail test_to_python_returns_a_python_number
"""


def to_python(t):
    return t.tolist()
