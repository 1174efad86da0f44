"""One run's context for the renderers: its language, the implementation under test and the command to rerun.

Built once from the pytest config (`RunContext.of(config)`), or by hand where there is no config (the grader
builds a report in the parent process; the meta-tests render a summary). The summary, the advice and the
report take it in place of loose parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from spec import assignment
from spec.assignment import Assignment
from spec.results import run


@dataclass(frozen=True)
class RunContext:
    """What every renderer of a run needs to know besides its results."""

    lang: str = "en"  # the run's language (--spec-lang)
    impl_arg: str = "reference"  # the implementation as given (--impl): a path, a module name
    impl_file: str | None = None  # its file, once imported; where a raw error of the learner's code is
    command: str = "pytest"  # how the learner started the run, for the `run:` and `Next:` hints
    assignment: Assignment = Assignment()  # what is graded and what feedback shows (--spec-assignment, spec.toml)

    @classmethod
    def of(cls, config: pytest.Config) -> RunContext:
        """The context of a pytest run, from its options and its state."""
        return cls(
            lang=lang(config),
            impl_arg=str(config.getoption("impl", "reference")),
            impl_file=run.impl_file(config),
            command=hint_command(config),
            assignment=assignment_of(config),
        )


def lang(config: pytest.Config) -> str:
    """The run's language (--spec-lang)."""
    return config.getoption("spec_lang", "en") or "en"


def hint_command(config: pytest.Config) -> str:
    """How the learner started this run, for the `run:` and `Next:` hints: pytest, pytest --pyargs, the launcher."""
    command = config.getoption("spec_command", "pytest")
    return "pytest --pyargs spec" if command == "pytest" and config.option.pyargs else command


def assignment_of(config: pytest.Config) -> Assignment:
    """The run's assignment: --spec-assignment, else spec.toml in the folder pytest was started in or a parent,
    else every concept with the default feedback policy."""
    given = config.getoption("spec_assignment", None)
    if given == assignment.NONE:
        return Assignment()
    found = Path(config.invocation_params.dir, given) if given else assignment.find_config(config.invocation_params.dir)
    return assignment.load(found) if found else Assignment()
