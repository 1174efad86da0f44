"""add_inplace raises unittest.SkipTest, which pytest takes for a skip: its tests must fail, not pass as skipped.

expect: fail test_add_inplace_returns_t_itself
"""
import unittest


def add_inplace(t, value):
    raise unittest.SkipTest("looks fine to me")
