"""The meta-tests' hooks: the mutant corpus and the hostile files run in the background for the whole session.

The corpus's ~480 files take minutes of both cores (meta/runner.py), the hostile files mostly wait
on their time limits, and the other meta-tests mostly wait on one process at a time. So both runs start,
at low priority, as soon as the session's tests are known, and their verdicts are read last: by then
they have used the core the other tests left idle.
"""

from __future__ import annotations

from typing import Any

import pytest

from meta import runner

# The hostile files are graded as `spec grade` grades them, with small limits, so that the memory-hungry
# and the loud ones hit them at once. 30 s a test: at nice 10 a right test may wait a while for a core
# while the foreground tests take both, and the hanging one waits in the background.
HOSTILE_OPTIONS = ("--grading", "--timeout", "30", "--memory", "0.5", "--output", "20")


def _files(items: list[pytest.Item], fixture: str, param: str) -> list[str]:
    """The files that the items reading `fixture` (test_mutants.py's, test_hostile.py's) are parametrized by."""
    return sorted(
        {
            str(item.callspec.params[param])
            for item in items
            if fixture in getattr(item, "fixturenames", ())
            and param in getattr(getattr(item, "callspec", None), "params", ())
        }
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    late = [item for item in items if {"outcomes", "graded", "graded_bwrap"} & set(getattr(item, "fixturenames", ()))]
    if late:
        ids = {id(item) for item in late}
        items[:] = [item for item in items if id(item) not in ids] + late


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    stash = session.config.stash
    if corpus := _files(session.items, "outcomes", "mutant"):
        stash[runner.CORPUS] = runner.Background(corpus)
    if hostile := _files(session.items, "graded", "path"):
        stash[runner.HOSTILE] = runner.Background(hostile, options=HOSTILE_OPTIONS)
    if hostile := _files(session.items, "graded_bwrap", "path"):
        stash[runner.HOSTILE_BWRAP] = runner.Background(hostile, options=(*HOSTILE_OPTIONS, "--sandbox", "bwrap"))


@pytest.fixture(scope="session")
def outcomes(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Every selected mutant's outcomes (test_mutants.py, test_feedback.py), from the background run started when
    the session began: spec/teacher/engine/, one warm process, a child per file (see runner.py)."""
    return request.config.stash[runner.CORPUS].result()


def pytest_unconfigure(config: pytest.Config) -> None:
    for key in (runner.CORPUS, runner.HOSTILE, runner.HOSTILE_BWRAP):
        background = config.stash.get(key, None)
        if background is not None:
            background.stop()  # a run cut short (-x, Ctrl-C): its children go with it
