"""The meta-tests' hooks: the mutant corpus runs in the background for the whole session.

Its ~480 files take minutes of both cores (spec/meta/runner.py); the other meta-tests mostly wait on one
process at a time. So the corpus starts, at low priority, as soon as the session's tests are known, and
its verdicts are read last: by then it has used the core the other tests left idle.
"""

from __future__ import annotations

import pytest

from spec.meta import runner


def _corpus(items: list[pytest.Item]) -> list[pytest.Item]:
    """The items of test_mutants.py: those parametrized by a corpus file."""
    return [item for item in items if "mutant" in getattr(getattr(item, "callspec", None), "params", {})]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    corpus = _corpus(items)
    if corpus:
        ids = {id(item) for item in corpus}
        items[:] = [item for item in items if id(item) not in ids] + corpus


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    files = sorted({str(item.callspec.params["mutant"]) for item in _corpus(session.items)})
    if files and not session.config.option.collectonly:
        session.config.stash[runner.CORPUS] = runner.Background(files)


def pytest_unconfigure(config: pytest.Config) -> None:
    background = config.stash.get(runner.CORPUS, None)
    if background is not None:
        background.stop()  # a run cut short (-x, Ctrl-C): its children go with it
