"""to_numpy with .tolist(): nested Python lists, not a NumPy array.

expect: fail test_to_numpy_keeps_dtype_shape_and_values
"""


def to_numpy(tensor):
    return tensor.tolist()
