"""add_inplace calls pytest.skip(): its tests must fail, not pass as skipped.

expect: fail
"""
import pytest


def add_inplace(t, value):
    pytest.skip("looks fine to me")
