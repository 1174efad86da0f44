"""Copies the answer: imports the kit's reference implementation.

expect: error tried to import reference
"""
from reference import add_inplace  # noqa: F401
