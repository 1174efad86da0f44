"""Time `python -m spec grade` on a made-up class: N complete submissions, plus hanging and crashing ones.

A complete submission is meta/runner.py's complete_submission(): the whole contract in one file,
written differently from reference/. A hanging one is that file with a `train_loop` that never
returns; a crashing one ends its process with `os._exit(0)` in `add_inplace`.

    python benchmarks/grade_class.py --n 100 --jobs 2                 # the class, graded; wall time and statuses
    python benchmarks/grade_class.py --n 20 --jobs 1 --jobs 2         # jobs scaling on the same class
    python benchmarks/grade_class.py --n 8 --hang 5 --crash 3 --timeout 10
    python benchmarks/grade_class.py --n 100 --scheduler tcp://127.0.0.1:8786
    python benchmarks/grade_class.py --bare                           # one bare `pytest --impl=FILE` run

Prints one Markdown table row per run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from meta.runner import complete_submission  # noqa: E402

HANG = """

def train_loop(dataloader, model, loss_fn, optimizer):  # the break was forgotten
    while True:
        pass
"""
CRASH = """

def add_inplace(t, value):  # a script's exit() left in a function
    import os

    os._exit(0)
"""


def make_class(folder: Path, n: int, hang: int, crash: int) -> Path:
    cls = folder / "class"
    cls.mkdir(parents=True)
    good = complete_submission()
    for i in range(n):
        (cls / f"good_{i:03d}.py").write_text(good)
    for i in range(hang):
        (cls / f"hang_{i:03d}.py").write_text(good + HANG)
    for i in range(crash):
        (cls / f"crash_{i:03d}.py").write_text(good + CRASH)
    return cls


def grade(cls: Path, out: Path, args: argparse.Namespace, jobs: int | None) -> tuple[float, Counter[str], list[str]]:
    command = [sys.executable, "-m", "spec", "grade", str(cls), "--out", str(out), "-m", args.markexpr, "--force"]
    command += ["--timeout", str(args.timeout)]
    command += ["--scheduler", args.scheduler] if args.scheduler else ["--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"spec grade exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    statuses: Counter[str] = Counter()
    reasons = []
    for source in sorted(cls.glob("*.py")):
        report = out / f"{source.stem}.json"
        if not report.exists():
            statuses["no report"] += 1
            continue
        data = json.loads(report.read_text())
        statuses[data["status"]] += 1
        if data["status"] == "error":
            reasons.append(f"{source.stem}: {data.get('message')}")
    return wall, statuses, reasons


def bare(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "good.py"
        path.write_text(complete_submission())
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", args.markexpr]
        command += ["--spec-threads=1", "--hypothesis-profile=learner", f"--impl={path}"]
        start = time.perf_counter()
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - start
        print(
            f"| bare `pytest --impl=FILE -m {args.markexpr!r}`, one complete submission | {wall:.1f} s "
            f"| exit {proc.returncode}: {proc.stdout.strip().splitlines()[-1]} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100, help="complete submissions")
    parser.add_argument("--hang", type=int, default=0, help="submissions whose train_loop never returns")
    parser.add_argument("--crash", type=int, default=0, help="submissions that exit in add_inplace")
    parser.add_argument("--jobs", type=int, action="append", help="repeatable: one run per value")
    parser.add_argument("--scheduler", help="a Dask scheduler's address instead of --jobs")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per test")
    parser.add_argument("-m", dest="markexpr", default="cpu and not slow")
    parser.add_argument("--bare", action="store_true", help="time one bare pytest run instead")
    args = parser.parse_args()
    if args.bare:
        bare(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        cls = make_class(Path(tmp), args.n, args.hang, args.crash)
        total = args.n + args.hang + args.crash
        print(f"load before: {os.getloadavg()[0]:.2f}", file=sys.stderr)
        for jobs in [None] if args.scheduler else args.jobs or [2]:
            wall, statuses, reasons = grade(cls, Path(tmp) / f"out-{jobs}", args, jobs)
            how = f"--scheduler {args.scheduler}" if args.scheduler else f"--jobs {jobs}"
            shown = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
            print(
                f"| {total} submissions ({args.n} good, {args.hang} hanging, {args.crash} crashing), {how} "
                f"| {wall:.1f} s ({wall / total:.2f} s each) | {shown} |"
            )
            for reason in reasons[:10]:
                print(f"|   {reason} | | |")


if __name__ == "__main__":
    main()
