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
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from meta import runner
from spec.teacher.engine import sandbox

HOSTILE = Path(__file__).parent / "hostile"
# slow: one warm engine process (torch import) plus ~25 children of a page's quick tier each, per mode
pytestmark = [pytest.mark.slow, pytest.mark.meta]
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


def _survivors() -> list[int]:
    found = []
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == "spec-survivor":
                found.append(int(pid))
        except OSError:
            pass
    return found


@pytest.mark.skipif(NO_BWRAP is not None, reason=f"--sandbox=bwrap: {NO_BWRAP}")
def test_no_process_of_a_submission_outlives_its_run(graded: dict[str, Any], graded_bwrap: dict[str, Any]) -> None:
    """libc_fork_survivor.py detaches a process through libc (past the audit hook) in each mode."""
    survivor = str(HOSTILE / "tensors" / "libc_fork_survivor.py")
    assert survivor in graded and survivor in graded_bwrap
    assert _survivors() == []
