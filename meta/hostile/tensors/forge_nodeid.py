"""Writes into its result pipe the start of a test whose node id names its own file, as if the grader should
import it to show the test's source; then a line that is JSON but no event.

Node ids are data: the grader looks one up among the page modules it imported itself and never imports by
one, and a node id outside spec/pages makes the stream malformed.
expect: error its result stream was malformed
"""

import os
import stat

for fd in range(3, 256):
    try:
        if stat.S_ISFIFO(os.fstat(fd).st_mode):
            os.write(fd, b'{"event": "start", "test": "forge_nodeid.py::test_add_inplace"}\n[]\n')
    except OSError:
        pass


def add_inplace(t, value):
    return t.add_(value)
