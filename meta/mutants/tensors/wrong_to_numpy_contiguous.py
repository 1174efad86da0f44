"""to_numpy of tensor.contiguous(): a transposed tensor gets copied.

expect: fail test_to_numpy_shares_memory_tensor_change_shows_in_array
"""


def to_numpy(tensor):
    return tensor.contiguous().numpy()
