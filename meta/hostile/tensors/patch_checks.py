"""Replaces the spec's check helpers with ones that never fail.

expect: error spec.helpers.checks.check_equal
"""
import sys

checks = sys.modules.get("spec.helpers.checks")
if checks is not None:
    checks.check_equal = lambda *args, **kwargs: None
    checks.check_close = lambda *args, **kwargs: None


def add_inplace(t, value):
    return t  # wrong, and would pass every check
