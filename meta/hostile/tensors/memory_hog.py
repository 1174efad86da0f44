"""Holds 1.5 GB at import (a whole dataset kept in a list of copies).

expect: error used more than 0.5 GB
"""
import time

hog = b"x" * (1536 * 2**20)
time.sleep(30)


def add_inplace(t, value):
    return t.add_(value)
