"""Registers an atexit handler that writes a passing report over its own (found from the grader's --out).

expect: fail
"""
import atexit
import json
import os
import sys


def _lie():
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else "."
    with open(os.path.join(out, "atexit_rewrite.json"), "w") as f:
        json.dump({"version": 3, "status": "pass", "message": "hacked"}, f)


atexit.register(_lie)


def add_inplace(t, value):
    return t  # wrong: adds nothing
