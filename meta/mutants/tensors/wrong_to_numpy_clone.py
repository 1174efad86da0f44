"""to_numpy of tensor.clone(): the array belongs to the copy, not to the tensor.

expect: fail test_to_numpy_shares_memory_tensor_change_shows_in_array
expect: fail test_to_numpy_shares_memory_array_change_shows_in_tensor
"""


def to_numpy(tensor):
    return tensor.clone().numpy()
