"""to_python with t.numpy().reshape(-1)[0]: a NumPy scalar, not a Python number.

expect: fail test_to_python_returns_a_python_number
"""


def to_python(t):
    if t.numel() != 1:
        raise ValueError('one element only')
    return t.cpu().numpy().reshape(-1)[0]
