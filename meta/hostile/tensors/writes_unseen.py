"""A KNOWN HOLE without the sandbox, pinned so that docs/trust.md stays true: writes outside the working copy
that Python's audit hook never sees (C code opening the file): torch.save, torch.from_file(shared=True),
sqlite3, an AF_UNIX bind, mkfifo, and a DNS lookup. They go to the folder above the working copy (the
engine's own, removed after the run). Inside bubblewrap that folder is read-only, and each fails. add_inplace
is wrong and fails as usual. If this file gets an error, a hole is closed: update docs/trust.md.

expect: fail test_add_inplace_adds_value_to_every_entry
"""
import os
import socket
import sqlite3

import torch

above = os.path.join(os.getcwd(), os.pardir)
attempts = [
    lambda: torch.save(torch.ones(3), os.path.join(above, "leak.pt")),
    lambda: torch.from_file(os.path.join(above, "shared.bin"), shared=True, size=4),
    lambda: sqlite3.connect(os.path.join(above, "leak.db")).execute("create table t (x)").close(),
    lambda: socket.socket(socket.AF_UNIX).bind(os.path.join(above, "leak.sock")),
    lambda: os.mkfifo(os.path.join(above, "leak.fifo")),
    lambda: socket.getaddrinfo("localhost", 80),
]
for attempt in attempts:
    try:
        attempt()
    except Exception:  # noqa: BLE001  (the point is only whether the grader refused it)
        pass


def add_inplace(t, value):
    return t  # wrong: nothing added
