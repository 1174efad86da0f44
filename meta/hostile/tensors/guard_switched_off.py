"""A KNOWN HOLE without the sandbox, pinned so that docs/trust.md stays true: the audit hook is Python in the
submission's own process, reachable through the closure of builtins.__import__. Switched off, a network
connection (refused by it otherwise: open_socket.py) goes unseen; add_inplace is wrong and fails as usual.
Inside bubblewrap there is no network to reach. If this file gets an error, the hole is closed: update
docs/trust.md.

expect: fail test_add_inplace_adds_value_to_every_entry
"""
import builtins
import socket


def _guard():
    for cell in builtins.__import__.__closure__ or ():
        for inner in getattr(cell.cell_contents, "__closure__", None) or ():
            if hasattr(inner.cell_contents, "active"):
                return inner.cell_contents
    return None


guard = _guard()
if guard is not None:
    guard.active = False
try:
    with socket.create_connection(("127.0.0.1", 9), timeout=1):
        pass
except OSError:
    pass  # nothing listens there: the point is that no one refused it


def add_inplace(t, value):
    return t  # wrong: nothing added
