"""Writes a line of its own into the grader's result pipe (found among its open file descriptors), as if to
report its tests passed.
expect: error its result stream was malformed
"""

import os
import stat

for fd in range(3, 256):
    try:
        if stat.S_ISFIFO(os.fstat(fd).st_mode):
            os.write(fd, b'{"event": "finish", "test": "every test passed", "timed_out": false}\n')
    except OSError:
        pass


def add_inplace(t, value):
    return t.add_(value)
