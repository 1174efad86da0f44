"""The run's state, where every layer can read it: what the spec knows about this run, on the pytest config.

Imports pytest and the standard library only (no torch), so the results model, the report, the notebook's
check() and the grader read it with top-level imports. spec/plugin/hooks.py fills it in pytest_configure;
spec/results/model.py's recorder puts itself under RESULTS_KEY.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

from spec.loading.impl import Impl

if TYPE_CHECKING:
    from spec.results.model import Results


@dataclass
class SpecState:
    """What the spec knows about this run, made once in pytest_configure (spec/plugin/hooks.py)."""

    impl: Impl | None = None  # the implementation under test (--impl)
    ref: Impl | None = None  # the reference
    import_error: str | None = None  # why --impl did not import, for the report file
    import_changes: list[str] = field(default_factory=list)  # torch global state the import changed, restored


STATE_KEY = pytest.StashKey[SpecState]()
RESULTS_KEY = pytest.StashKey["Results"]()


def state(config: pytest.Config) -> SpecState:
    """The spec's state of this run (the one accessor: hooks, fixtures, summary and report read it here)."""
    return config.stash[STATE_KEY]


def results(config: pytest.Config) -> Results:
    """The outcomes of this run (recorded by spec/results/model.py's `Results` plugin, made in pytest_configure)."""
    return config.stash[RESULTS_KEY]


def impl_file(config: pytest.Config) -> str | None:
    """The file of the implementation under test; None before it imported (or for a module without a file)."""
    spec_state = config.stash.get(STATE_KEY, None)
    impl = spec_state.impl if spec_state is not None else None
    return getattr(impl.module, "__file__", None) if impl is not None else None
