"""A KNOWN HOLE, pinned so that docs/trust.md stays true: the guard tells the submission's calls by the file
name of the first frame outside the standard library, and code compiled under another name starts a process
unseen (refused from the submission's own file: detached_child.py). add_inplace is wrong and fails as usual.
If this file gets an error, the hole is closed: update docs/trust.md.

expect: fail test_add_inplace_adds_value_to_every_entry
"""
import subprocess

SOURCE = "def start():\n    subprocess.run(['true'], check=False)\n"
space = {"subprocess": subprocess}
exec(compile(SOURCE, "<elsewhere>", "exec"), space)
space["start"]()


def add_inplace(t, value):
    return t  # wrong: nothing added
