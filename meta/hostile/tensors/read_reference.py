"""Copies the answer by reading the reference's source and executing it.

expect: error tried to read the reference
"""
import os
import sys

root = os.path.dirname(os.path.dirname(sys.modules["spec"].__file__))
with open(os.path.join(root, "reference", "tensors.py")) as f:
    exec(f.read())
