"""Deletes every file in its working directory at import (the next student's run must still find its tests).

expect: fail
"""
import os

for name in os.listdir("."):
    if os.path.isfile(name):
        os.remove(name)


def add_inplace(t, value):
    return t  # wrong: adds nothing
