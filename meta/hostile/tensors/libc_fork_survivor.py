"""Forks through libc (past the audit hook) and detaches (setsid) a process named spec-survivor, which would
outlive the grader and rewrite reports.

Inside bubblewrap it dies with the submission's PID namespace; without the sandbox the grader, a subreaper,
kills what is reparented to it. meta/test_hostile.py checks that no spec-survivor is left.
expect: pass
"""

import ctypes
import os
import time

libc = ctypes.CDLL(None)
PR_SET_NAME = 15


def add_inplace(t, value):
    if libc.fork() == 0:
        libc.setsid()
        if libc.fork() == 0:
            libc.prctl(PR_SET_NAME, b"spec-survivor", 0, 0, 0)
            time.sleep(600)
        os._exit(0)
    return t.add_(value)
