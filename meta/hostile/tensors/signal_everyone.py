"""Stops, then kills, every process it can see, through libc (past the audit hook): the grader, the classmates.

Inside bubblewrap it sees only its own PID namespace, whose init ignores it: graded as usual. Without the
sandbox nothing stops this (ctypes is beyond an audit hook), so it is never run there: the grader would freeze.
expect with bwrap: pass
expect without sandbox: skip
"""

import ctypes
import os
import signal

libc = ctypes.CDLL(None)
for name in os.listdir("/proc"):
    if name.isdigit() and int(name) != os.getpid():
        libc.kill(int(name), signal.SIGSTOP)
        libc.kill(int(name), signal.SIGKILL)


def add_inplace(t, value):
    return t.add_(value)
