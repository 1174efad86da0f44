"""Drains every pipe it inherited that it can read (a classmate's results), so that the classmate becomes an error.

A child holds only its own result pipe's write end, in both modes: it finds no read end, and is graded as usual
(it raises if it finds one; meta/test_hostile.py's mixed class checks that the classmates keep their status).
expect: pass
"""

import fcntl
import os
import stat

drained = []
for fd in range(3, 1024):
    try:
        if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            os.set_blocking(fd, False)
            drained.append(fd)
            while os.read(fd, 1 << 16):
                pass
    except OSError:
        pass
if drained:
    raise RuntimeError(f"read ends of pipes not its own: {drained}")


def add_inplace(t, value):
    return t.add_(value)
