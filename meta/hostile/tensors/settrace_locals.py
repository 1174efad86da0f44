"""Installs a tracer that rewrites the checker's locals: in the spec's check helpers, `actual` becomes
`expected` before the comparison. A tracer installed by the learner's code is an error.

expect: error install a tracer
"""
import sys


def tracer(frame, event, arg):
    if event == "call" and frame.f_code.co_filename.endswith("checks.py"):
        if "actual" in frame.f_locals and "expected" in frame.f_locals:
            import ctypes

            frame.f_locals["actual"] = frame.f_locals["expected"]
            ctypes.pythonapi.PyFrame_LocalsToFast(ctypes.py_object(frame), ctypes.c_int(0))
    return None


sys.settrace(tracer)


def add_inplace(t, value):
    return t.clone()  # wrong: not in place
