"""Deletes the spec's own test file, found through the spec package.

expect: error tried to os.remove
"""
import os
import sys

spec = sys.modules.get("spec")
if spec is not None:
    os.remove(os.path.join(os.path.dirname(spec.__file__), "test_tensors.py"))


def add_inplace(t, value):
    return t.add_(value)
