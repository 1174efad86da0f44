"""right_second_tensors with ones_like as full_like of a 0-d tensor expanded: every entry the same memory.

expect: fail test_ones_like_result_is_a_tensor_of_its_own
"""
import numpy as np
import torch


def from_data(data):
    return torch.as_tensor(data)


def from_numpy(array):
    return torch.as_tensor(array)  # a NumPy array on the CPU: no copy, the memory is shared


def to_numpy(tensor):
    return np.asarray(tensor)  # Tensor.__array__: a view of the CPU tensor's memory


def ones_like(t):
    return torch.full((), 1, dtype=t.dtype, device=t.device).expand(t.size())


def rand_like(t):
    dtype = t.dtype if torch.is_floating_point(t) else torch.float32
    return torch.empty_like(t, dtype=dtype).uniform_(0, 1)


def describe(t):
    return t.size(), t.dtype, t.device


def to_device(t, device):
    return t.to(device=torch.device(device))


def first_row(t):
    return torch.select(t, 0, 0)


def first_column(t):
    return torch.select(t, 1, 0)


def last_column(t):
    return torch.narrow(t, 1, t.size(1) - 1, 1).squeeze(1)


def zero_column(t, j):
    torch.select(t, 1, j).zero_()  # select counts a negative j from the end, as t[:, j] does
    return t


def concat(tensors, dim=1):
    return torch.concat(tuple(tensors), dim=dim)


def matmul(a, b):
    return torch.mm(a, b)


def mul(a, b):
    return torch.mul(a, b)


def to_python(t):
    return t.reshape(()).tolist()  # reshape to 0-d raises unless t has exactly one element


def add_inplace(t, value):
    return torch.add(t, value, out=t)
