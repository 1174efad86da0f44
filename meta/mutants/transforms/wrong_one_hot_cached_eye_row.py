"""one_hot as a row of one cached identity matrix: each result is a view of it, so writing to one changes later ones.

expect: fail test_one_hot_later_calls_are_not_changed_by_writing_to_a_result
"""
import functools

import torch


@functools.lru_cache(maxsize=None)
def _eye(n):
    return torch.eye(n)


def one_hot(label, num_classes=10):
    if not 0 <= label < num_classes:
        raise ValueError(f"label {label} out of range")
    return _eye(num_classes)[label]
