"""Drains every pipe it inherited but its own (a classmate's results), so that the classmate becomes an error.

A child holds only its own result pipe's write end, in both modes: nothing to drain, and graded as usual
(meta/test_hostile.py's mixed class checks that the classmates keep their status).
expect: pass
"""

import os
import stat

for fd in range(3, 1024):
    try:
        if stat.S_ISFIFO(os.fstat(fd).st_mode):
            os.set_blocking(fd, False)
            while os.read(fd, 1 << 16):
                pass
    except OSError:
        pass


def add_inplace(t, value):
    return t.add_(value)
