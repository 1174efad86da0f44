"""Installs a tracer for the threads to come (threading.settrace): the audit hook never sees it installed from
the learner's code (a new thread calls sys.settrace from the standard library), the fingerprint sees it left.

expect: error threading.settrace
"""
import threading


def tracer(frame, event, arg):
    return None


threading.settrace(tracer)


def add_inplace(t, value):
    t += value
    return t
