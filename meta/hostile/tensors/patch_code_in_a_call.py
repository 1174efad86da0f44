"""Swaps the code of the check helpers while add_inplace runs: the tests that judge it would pass, and a
swap put back before the test ends would leave nothing to see between tests. The audit hook refuses the
swap as it happens.

expect: error replace spec.helpers.checks.check_tensor.__code__
"""
import sys


def _nothing(*args, **kwargs):
    return None


def add_inplace(t, value):
    checks = sys.modules.get("spec.helpers.checks")
    if checks is not None:
        for name in ("check_tensor", "check_equal", "check"):
            getattr(checks, name).__code__ = _nothing.__code__
    return t  # wrong
