"""A right add_inplace in a file named inspect.py, the name of a module the kit imports (issue 27): it is
imported under the fixed module name (spec/loading/impl.py), so it cannot take inspect's place, and it passes.

expect: pass
"""
import torch


def add_inplace(t, value):
    t.add_(value)
    return t
