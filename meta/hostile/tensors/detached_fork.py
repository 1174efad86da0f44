"""A double fork through os.fork from a function: the grandchild would outlive the run.

expect: error tried to start a process (os.fork)
"""
import os


def add_inplace(t, value):
    if os.fork() == 0:
        if os.fork() == 0:
            import time
            time.sleep(60)
        os._exit(0)
    return t.add_(value)
