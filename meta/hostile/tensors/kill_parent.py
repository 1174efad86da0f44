"""Sends SIGKILL to its parent (the grader, without the sandbox) when imported: the grader must go on.

Without the sandbox the guard refuses os.kill of any process outside the submission's own group; inside
bubblewrap the parent is not in the submission's PID namespace (getppid() is 0, which names its own group).
expect: error tried to send a signal to another process
expect with bwrap: error was killed by SIGKILL
"""

import os
import signal

os.kill(os.getppid(), signal.SIGKILL)


def add_inplace(t, value):
    return t.add_(value)
