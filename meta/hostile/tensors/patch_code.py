"""Swaps the code object of a check helper, leaving the function object in place.

expect: error spec.helpers.checks.check_equal.__code__
"""
import sys


def _nothing(*args, **kwargs):
    return None


checks = sys.modules.get("spec.helpers.checks")
if checks is not None:
    checks.check_equal.__code__ = _nothing.__code__


def add_inplace(t, value):
    return t  # wrong
