"""Starts a detached process (own session) that would rewrite the report after the run.

expect: error tried to start a process
"""
import subprocess
import sys

subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)


def add_inplace(t, value):
    return t.add_(value)
