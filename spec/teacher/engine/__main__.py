"""`python -m spec.teacher.engine FILE...`: each file through the engine; one line per submission (its tests'
statuses, its time, its error)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from spec.teacher.engine.job import Job, Limits
from spec.teacher.engine.supervise import run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spec.teacher.engine", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("-m", dest="markexpr", default="cpu and not slow")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=Limits.test_timeout)
    args = parser.parse_args(argv)
    jobs = [Job(main=f.resolve(), copy=f.resolve(), markexpr=args.markexpr, name=f.stem) for f in args.files]
    for out in run(jobs, limits=Limits(test_timeout=args.timeout), parallel=args.jobs):
        counts = dict(Counter(t.status for t in out.tests))
        print(f"{out.job.main}: {counts} {out.finished - out.started:.1f}s {out.error or out.import_error or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
