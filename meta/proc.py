"""pytest and `python -m spec` as the meta-tests run them: in a fork of this warm process, or a fresh one.

A fresh `python -m pytest` pays the import of torch & co (~4 s on the 2-core box) every time. Most
meta-tests only read what the run prints and its exit status; a fork of the test process, which has
torch, the spec and its test modules imported already, gives the same in well under a second. The run
in the fork is the real one: `pytest.main` (or the `spec` CLI's `main`) with the learner's arguments,
in its own working folder and environment, its stdout and stderr going to files. Tests that are about
a fresh interpreter (what importing the kit warns, a wheel, the entry point in another project) use
`fresh`.
"""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

from meta import runner
from spec.__main__ import main as spec_main

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 600


def fresh(
    argv: Sequence[str | Path], *, cwd: Path = ROOT, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`argv` in a new process (`sys.executable` for "python")."""
    return subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_S, env=env)


def run_pytest(*args: str, cwd: Path = ROOT, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m pytest -p no:cacheprovider ARGS` from `cwd`, run in a fork."""
    argv = ["-p", "no:cacheprovider", *args]
    return in_fork(lambda: pytest.main(argv), ["pytest", *argv], cwd=cwd, env=env)


def run_spec(*args: str, cwd: Path = ROOT, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m spec ARGS` (check, grade, new) from `cwd`, run in a fork."""
    return in_fork(lambda: spec_main(list(args)), ["python", "-m", "spec", *args], cwd=cwd, env=env)


def run_runner(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m meta.runner ARGS` (the corpus through spec/teacher/engine/) from this checkout, in a fork."""
    return in_fork(lambda: runner.main(list(args)), ["python", "-m", "meta.runner", *args], cwd=ROOT)


def in_fork(
    main: Callable[[], int | None],
    argv: list[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT_S,
) -> subprocess.CompletedProcess[str]:
    """`main()` in a forked child, as if it were a process of its own: its exit status, stdout and stderr."""
    sys.stdout.flush()
    sys.stderr.flush()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 70
            # The warm heap (torch, the pages) is the parent's: frozen, the child's gc.collect (pytest runs two
            # at the end of each session, ~0.25 s of CPU each on this heap) walks, and copies, only its own objects.
            gc.freeze()
            try:
                os.setpgid(0, 0)  # what it starts dies with it, below
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                # The parent's sys.stdout/stderr are pytest's capture; the child's are its own fds 1 and 2.
                sys.stdout = open(1, "w", closefd=False, buffering=1)  # noqa: SIM115
                sys.stderr = open(2, "w", closefd=False, buffering=1)  # noqa: SIM115
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                os.chdir(cwd)
                if env is not None:
                    os.environ.clear()
                    os.environ.update(env)
                # The kit's packages are imported already, as a fresh `python -m spec` has not: pytest's warning that
                # it cannot rewrite them is this fork's, not the learner's output.
                # (pytest issues it under its own filters: only a -W option reaches it.)
                os.environ["PYTEST_ADDOPTS"] = " ".join(
                    [os.environ.get("PYTEST_ADDOPTS", ""), "-W ignore::pytest.PytestAssertRewriteWarning"]
                ).strip()
                code = main() or 0
            except SystemExit as exc:  # argparse's and pytest's exits, as the interpreter would turn them
                if isinstance(exc.code, int) or exc.code is None:
                    code = exc.code or 0
                else:
                    print(exc.code, file=sys.stderr)
                    code = 1
            except BaseException:  # noqa: BLE001  (an uncaught exception: traceback and status 1, as python does)
                traceback.print_exc()
                code = 1
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(int(code) & 0xFF)  # no atexit handler of the parent's runs twice
        status = _wait(pid, timeout)
        _kill_group(pid)  # what it started and left running
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if status is None:
        raise subprocess.TimeoutExpired(argv, timeout, stdout, stderr)
    return subprocess.CompletedProcess(argv, status, stdout, stderr)


def _wait(pid: int, timeout: float) -> int | None:
    """The child's exit status (-N for signal N), or None when it ran past `timeout` and was killed."""
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            _kill_group(pid)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.02)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
