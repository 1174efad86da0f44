"""Meta-tests: hostile submissions (meta/hostile/) get the status and reason their docstrings state.

Each file is graded as `python -m spec grade` grades it (spec/teacher/engine/: its own process group and
working copy, limits, the trust checks of spec/teacher/trust.py), with small limits so that the hanging,
printing and memory-hungry ones end at once (meta/conftest.py's HOSTILE_OPTIONS: 30 s per test,
0.5 GB, 20 MB of output), in the background from the session's start.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from meta import runner

HOSTILE = Path(__file__).parent / "hostile"
# slow: one warm engine process (torch import) plus ~20 children of a page's quick tier each
pytestmark = [pytest.mark.slow, pytest.mark.meta]


def expectation(path: Path) -> tuple[str, str]:
    """("error", reason) or ("fail" | "pass", "") from the docstring's `expect:` line."""
    lines = runner.expect_lines(path)
    if not lines:
        raise ValueError(f"{path}: no `expect:` line in the docstring")
    status, _, reason = lines[0].partition(" ")
    return status, reason


FILES = sorted(HOSTILE.glob("*/*.py"))
PARAMS = [pytest.param(p, id=f"{p.parent.name}/{p.stem}") for p in FILES]


@pytest.fixture(scope="session")
def graded(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Every selected hostile file's outcome, from the run meta/conftest.py started when the session began."""
    return request.config.stash[runner.HOSTILE].result()


@pytest.mark.parametrize("path", PARAMS)
def test_hostile_submission_gets_its_status_and_reason(path: Path, graded: dict[str, Any]) -> None:
    status, reason = expectation(path)
    result = graded[str(path)]
    outcomes = Counter(t["outcome"] for t in result["tests"].values())
    if status == "error":
        assert result["error"] is not None and reason in result["error"], (
            f"{path.name}: expected an error with {reason!r}, got {result['error']!r}; tests: {dict(outcomes)}"
        )
    else:
        assert result["error"] is None, f"{path.name}: unexpected error {result['error']!r}"
        failed = outcomes["failed"] + outcomes["error"]
        assert (failed > 0) == (status == "fail"), f"{path.name}: expected {status}, tests: {dict(outcomes)}"
