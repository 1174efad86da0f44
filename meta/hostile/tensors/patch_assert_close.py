"""Replaces torch.testing.assert_close, the function the checks compare tensors with, by one that never fails,
and returns wrong values. The checks compare with the function they took before the import, and the grader's
fingerprint names the rebinding.

expect: error torch.testing.assert_close
"""
import torch
import torch.testing

torch.testing.assert_close = lambda *args, **kwargs: None


def add_inplace(t, value):
    return t  # wrong: nothing added
