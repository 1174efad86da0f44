"""A class on an existing Dask distributed cluster: each submission a task, run by the engine on a worker.

Dask is an optional dependency (the `cluster` extra): imported only here, when `run_on_cluster` runs.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from spec.teacher.engine.job import Job, Limits, Outcome
from spec.teacher.engine.supervise import run


def files_of(job: Job) -> dict[str, bytes]:
    """The submission's files by path relative to its copy's parent: a worker may not share our disk."""
    paths = [p for p in job.copy.rglob("*") if p.is_file()] if job.copy.is_dir() else [job.copy]
    return {str(p.relative_to(job.copy.parent)): p.read_bytes() for p in paths}


def run_remote(job: Job, limits: Limits, files: dict[str, bytes]) -> dict[str, Any]:
    """One Dask task: the job in its own limited child of this worker (warm after its first task)."""
    with tempfile.TemporaryDirectory(prefix="spec-task-") as tmp:
        for rel, data in files.items():
            (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / rel).write_bytes(data)
        local = dataclasses.replace(
            job, main=Path(tmp) / job.main.relative_to(job.copy.parent), copy=Path(tmp) / job.copy.name
        )
        [outcome] = run([local], limits=limits, parallel=1)
    outcome.job = job
    return outcome.to_dict()


def run_on_cluster(
    jobs: Sequence[Job], address: str, *, limits: Limits | None = None, on_done: Callable[[Outcome], None] | None = None
) -> Iterator[Outcome]:
    """Each job as a task of an existing Dask distributed cluster; yields outcomes as they finish."""
    from distributed import Client, as_completed  # the optional extra `cluster`

    limits = limits or Limits()
    with Client(address) as client:
        futures = [
            client.submit(run_remote, job, limits, files_of(job), pure=False, key=f"spec-grade-{i}-{job.name}")
            for i, job in enumerate(jobs)
        ]
        try:
            for future in as_completed(futures):
                outcome = Outcome.from_dict(future.result())
                if on_done is not None:
                    on_done(outcome)
                yield outcome
        except BaseException:
            client.cancel(futures)
            raise
