"""What the engine is given (a Job, within Limits) and what it gives back (an Outcome)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spec.results.model import TestResult
from spec.teacher.engine.events import test_from_dict, test_to_dict
from spec.teacher.engine.reasons import Reason


@dataclass
class Limits:
    """What one submission may use; each hit ends it with status error and this reason."""

    test_timeout: float = 60.0  # seconds per test (pytest-timeout; the parent kills at +10 s)
    wall: float = 900.0  # seconds for the whole submission
    memory_gb: float = 4.0  # resident memory of its process group
    output_mb: float = 50.0  # bytes written to stdout/stderr or to any one file (RLIMIT_FSIZE)


@dataclass
class Job:
    """One submission: its main file, and what to copy into its working directory."""

    main: Path  # the file pytest gets as --impl
    copy: Path  # the file itself, or the submission's folder
    markexpr: str = "cpu and not slow"
    paths: Sequence[str] = ()  # spec files to collect; default: the whole spec
    extra: Sequence[str] = ()  # more pytest arguments
    grading: bool = True  # forbids importing `reference` from the submission's code
    name: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-like values only (a Dask task's result, the sandbox's control socket)."""
        return {k: str(v) if isinstance(v, Path) else v for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        job = dict(data)
        job.update(main=Path(job["main"]), copy=Path(job["copy"]), paths=tuple(job["paths"]), extra=tuple(job["extra"]))
        return cls(**job)


@dataclass
class Outcome:
    """What the parent learned about one submission."""

    job: Job
    tests: list[TestResult] = field(default_factory=list)  # in run order, validated (engine/events.py)
    reason: Reason | None = None  # the limit, crash, refusal or tampering that makes it an error
    exit_code: int | None = None  # pytest's, when it got to the end
    import_error: str | None = None  # the submission did not import (spec/plugin/hooks.py's message)
    collect_errors: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # a notebook's cells left out ("dave.ipynb, cell 1, ...")
    log: str = ""  # the tail of what the child printed outside pytest's capture
    started: float = 0.0
    finished: float = 0.0
    workdir: str = ""  # where the submission's copy was (to put the original path back in messages)

    @property
    def error(self) -> str | None:
        """The reason's text, for the report."""
        return self.reason.text if self.reason is not None else None

    def note(self, reason: Reason) -> None:
        """Keeps `reason` if it outranks the one noted so far (engine/reasons.py's table)."""
        if reason.outranks(self.reason):
            self.reason = reason

    def to_dict(self) -> dict[str, Any]:
        """For a Dask task's result (engine/cluster.py): JSON-like values only."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["job"] = self.job.to_dict()
        data["tests"] = [test_to_dict(t) for t in self.tests]
        data["reason"] = self.reason.to_dict() if self.reason is not None else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outcome:
        return cls(
            **{
                **data,
                "job": Job.from_dict(data["job"]),
                "tests": [test_from_dict(t) for t in data["tests"]],
                "reason": Reason.from_dict(data["reason"]),
            }
        )
