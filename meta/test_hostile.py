"""Meta-tests: hostile submissions (meta/hostile/) get the status and reason their docstrings state, in both
sandbox modes.

Each file is graded as `python -m spec grade` grades it (spec/teacher/engine/: its own process group and
working copy, limits, the trust checks of spec/teacher/trust.py), with small limits so that the hanging,
printing and memory-hungry ones end at once (meta/conftest.py's HOSTILE_OPTIONS: 30 s per test,
0.5 GB, 20 MB of output), in the background from the session's start: once as a forked child
(`--sandbox=none`), once inside bubblewrap (`--sandbox=bwrap`) where it is installed.

A docstring's `expect: STATUS [REASON]` holds in both modes; `expect with bwrap: ...` and `expect without
sandbox: ...` replace it in one (`skip`: never run there, as a file that would freeze the grader without
the sandbox).
"""

from __future__ import annotations

import ast
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from meta import runner
from spec.teacher.engine import sandbox

HOSTILE = Path(__file__).parent / "hostile"
# slow: one warm engine process (torch import) plus ~25 children of a page's quick tier each, per mode
pytestmark = [pytest.mark.slow, pytest.mark.long, pytest.mark.meta]
MODES = {"none": "expect without sandbox: ", "bwrap": "expect with bwrap: "}
NO_BWRAP = sandbox.bwrap_problem()


def expectation(path: Path, mode: str = "none") -> tuple[str, str]:
    """("error", reason), ("fail" | "pass", "") or ("skip", "") from the docstring's `expect` lines for `mode`."""
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    lines = [line.strip() for line in doc.splitlines()]
    chosen = [line.removeprefix(MODES[mode]) for line in lines if line.startswith(MODES[mode])]
    chosen = chosen or runner.expect_lines(path)
    if not chosen:
        raise ValueError(f"{path}: no `expect:` line in the docstring")
    status, _, reason = chosen[0].partition(" ")
    return status, reason


FILES = sorted(HOSTILE.glob("*/*.py"))


def _params(mode: str) -> list[Any]:
    return [pytest.param(p, id=f"{p.parent.name}/{p.stem}") for p in FILES if expectation(p, mode)[0] != "skip"]


@pytest.fixture(scope="session")
def graded(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Every selected hostile file's outcome without the sandbox, from the run meta/conftest.py started."""
    return request.config.stash[runner.HOSTILE].result()


@pytest.fixture(scope="session")
def graded_bwrap(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The same inside bubblewrap."""
    return request.config.stash[runner.HOSTILE_BWRAP].result()


def _check(path: Path, mode: str, result: dict[str, Any]) -> None:
    status, reason = expectation(path, mode)
    outcomes = Counter(t["outcome"] for t in result["tests"].values())
    if status == "error":
        assert result["error"] is not None and reason in result["error"], (
            f"{path.name} ({mode}): expected an error with {reason!r}, got {result['error']!r}; tests: {dict(outcomes)}"
        )
    else:
        assert result["error"] is None, f"{path.name} ({mode}): unexpected error {result['error']!r}"
        failed = outcomes["failed"] + outcomes["error"]
        assert (failed > 0) == (status == "fail"), f"{path.name} ({mode}): expected {status}, tests: {dict(outcomes)}"


@pytest.mark.parametrize("path", _params("none"))
def test_hostile_submission_gets_its_status_and_reason(path: Path, graded: dict[str, Any]) -> None:
    _check(path, "none", graded[str(path)])


@pytest.mark.skipif(NO_BWRAP is not None, reason=f"--sandbox=bwrap: {NO_BWRAP}")
@pytest.mark.parametrize("path", _params("bwrap"))
def test_hostile_submission_gets_its_status_and_reason_in_the_sandbox(path: Path, graded_bwrap: dict[str, Any]) -> None:
    _check(path, "bwrap", graded_bwrap[str(path)])


@pytest.mark.skipif(NO_BWRAP is not None, reason=f"--sandbox=bwrap: {NO_BWRAP}")
def test_no_process_of_a_submission_outlives_its_run(graded: dict[str, Any], graded_bwrap: dict[str, Any]) -> None:
    """libc_fork_survivor.py detaches a process through libc (past the audit hook) in each mode."""
    survivor = str(HOSTILE / "tensors" / "libc_fork_survivor.py")
    assert survivor in graded and survivor in graded_bwrap
    assert _pids_named("spec-survivor") == []


# -- a class of hostile and right files, through `spec grade`, and the grader's own end ------------------------

RIGHT = runner.MUTANTS / "tensors" / "right_second_tensors.py"
HANG = """
import ctypes


def add_inplace(t, value):
    ctypes.CDLL(None).prctl(15, b"spec-hang", 0, 0, 0)  # PR_SET_NAME: the test finds it in /proc
    while True:
        pass
"""


def _notebook(*sources: object) -> str:
    cells = [
        {"cell_type": "code", "source": s, "metadata": {}, "outputs": [], "execution_count": None} for s in sources
    ]
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


def make_mixed_class(folder: Path) -> dict[str, str]:
    """Right files (one a notebook, one whose name is not UTF-8), notebooks that the grader once parsed and died
    of, hostile files of meta/hostile/, and one that hangs; the status each must get (hang: none, it is cut)."""
    folder.mkdir()
    right = RIGHT.read_text()
    (folder / "alice.py").write_text(right)
    (folder / os.fsdecode(b"caf\xe9.py")).write_text(right)
    (folder / "carol.ipynb").write_text(_notebook(right))
    (folder / "cells_ints.ipynb").write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": [1, 2]}))
    (folder / "source_ints.ipynb").write_text(_notebook([1, 2]))
    (folder / "deep.ipynb").write_text('{"nbformat": 4, "cells": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (folder / "minus.ipynb").write_text(_notebook("y = " + "-" * 200_000 + "1"))
    for name in ("drain_pipes", "kill_parent", "forge_nodeid", "leak_environment"):
        # A complete file with the attack at its end: its status is the attack's, not that of missing names.
        (folder / f"{name}.py").write_text(right + "\n\n" + (HOSTILE / "tensors" / f"{name}.py").read_text())
    (folder / "hang.py").write_text(HANG)
    expected = {
        "alice": "pass",
        "caf\ufffd": "pass",
        "carol": "pass",
        "drain_pipes": "pass",
        "leak_environment": "pass",
    }
    expected |= dict.fromkeys(("cells_ints", "source_ints", "deep", "minus", "kill_parent", "forge_nodeid"), "error")
    return expected


def _pids_named(name: str) -> list[int]:
    found = []
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == name:
                found.append(int(pid))
        except OSError:
            pass
    return found


def _wait(condition: Any, timeout: float, what: str) -> None:
    deadline = time.time() + timeout
    while not condition():
        assert time.time() < deadline, f"waited {timeout:g} s for {what}"
        time.sleep(0.2)


def _grade(cls: Path, out: Path, mode: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "spec", "grade", str(cls), "--out", str(out), f"--sandbox={mode}"]
    command += ["-m", "cpu and not slow and tensors", "--timeout", "600", "--jobs", "2"]
    return subprocess.Popen(command, cwd=runner.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@pytest.mark.parametrize(
    "mode",
    [
        "none",
        pytest.param("bwrap", marks=pytest.mark.skipif(NO_BWRAP is not None, reason=f"--sandbox=bwrap: {NO_BWRAP}")),
    ],
)
def test_a_mixed_class_keeps_every_right_file_and_the_grader_dies_cleanly(tmp_path: Path, mode: str) -> None:
    """Every right file passes beside the hostile ones; SIGTERM during the hanging one ends the grading with the
    class files written, its process gone and no working copy left; SIGKILL of the grader ends it too."""
    expected = make_mixed_class(tmp_path / "cls")
    out = tmp_path / "out"
    grader = _grade(tmp_path / "cls", out, mode)
    reports = lambda: {p.stem for p in out.glob("*.json")} - {"misconceptions"}  # noqa: E731
    try:
        _wait(lambda: set(expected) <= reports() and _pids_named("spec-hang"), 900, "every report but the hanging one")
    except AssertionError as exc:  # the grader's own output says why; nothing of it is left for the next test
        grader.kill()
        log = grader.communicate(timeout=120)[0].decode(errors="replace")
        raise AssertionError(f"{exc}; reports: {sorted(reports())}; the grader's output:\n{log[-3000:]}") from None
    grader.send_signal(signal.SIGTERM)
    log = grader.communicate(timeout=120)[0].decode(errors="replace")
    assert grader.returncode == 130, log[-3000:]
    statuses = {name: json.loads((out / f"{name}.json").read_text())["status"] for name in expected}
    assert statuses == expected, log[-3000:]
    assert (out / "class.csv").is_file() and (out / "index.html").is_file()
    rows = list(csv.reader((out / "class.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    assert {row[0] for row in rows[1:]} == set(expected)  # the graded ones, not the one cut short
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    _wait(lambda: not _pids_named("spec-hang"), 10, "the hanging submission's end")
    assert not list(Path(tempfile.gettempdir()).glob(f"spec-engine-{grader.pid}-*"))
    # SIGKILL: nothing can run in the grader; the children end with it (--die-with-parent, PR_SET_PDEATHSIG).
    grader = _grade(tmp_path / "cls", out, mode)  # only hang.py is graded again
    _wait(lambda: _pids_named("spec-hang"), 600, "the hanging submission's start")
    grader.kill()
    grader.communicate(timeout=60)
    _wait(lambda: not _pids_named("spec-hang"), 10, "the hanging submission's end after SIGKILL")
