"""Sends SIGKILL to its parent (the grader, without the sandbox) when imported: the grader must go on.

The guard refuses os.kill of any process outside the submission's own group. Inside bubblewrap the grader
is not in the submission's PID namespace at all: its parent is the namespace's init, which a signal from
inside cannot end (signal_everyone.py goes past the guard to show it).
expect: error tried to send a signal to another process
"""

import os
import signal

os.kill(os.getppid(), signal.SIGKILL)


def add_inplace(t, value):
    return t.add_(value)
