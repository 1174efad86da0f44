"""one_hot filling and returning one cached buffer: the next call rewrites the tensor returned before.

expect: fail test_one_hot_result_is_not_changed_by_later_calls
"""
import torch

_buffers = {}


def one_hot(label, num_classes=10):
    if not 0 <= label < num_classes:
        raise ValueError(f"label {label} out of range")
    out = _buffers.setdefault(num_classes, torch.zeros(num_classes))
    out.zero_()[label] = 1
    return out
