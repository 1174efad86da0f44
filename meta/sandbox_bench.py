"""The sandbox's cost and the long hostile class, as docs/sandbox.md reports them (a measurement, not a test).

    python -m meta.sandbox_bench cost WORK [--n 100]           # one class graded with --sandbox=none, then bwrap
    python -m meta.sandbox_bench long WORK [--n 200] [--mode bwrap]  # a quarter hostile: reports, processes, files

A class is the tensors page's corpus (right and wrong files of meta/mutants/tensors/, in turn), graded on that
page's quick tier as `spec grade` grades a class; the long class replaces every fourth file by a file of
meta/hostile/tensors/ with the hostile corpus's limits (meta/conftest.py). Each run says its wall time, its
time per submission and the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from meta.conftest import HOSTILE_OPTIONS
from meta.runner import MUTANTS, ROOT
from meta.test_hostile import HOSTILE, expectation

MARKEXPR = "cpu and not slow and tensors"
RIGHT = MUTANTS / "tensors" / "right_second_tensors.py"


def build_class(folder: Path, n: int, *, hostile_every: int = 0, mode: str = "bwrap") -> dict[str, str]:
    """`n` submissions in `folder`; the status each should get ("" where a wrong file's page may not show it)."""
    corpus = sorted((MUTANTS / "tensors").glob("*.py"))
    hostile = [p for p in sorted((HOSTILE / "tensors").glob("*.py")) if expectation(p, mode)[0] != "skip"]
    folder.mkdir(parents=True)
    expected = {}
    for i in range(n):
        if hostile_every and i % hostile_every == hostile_every - 1:
            source = hostile[(i // hostile_every) % len(hostile)]
            status = expectation(source, mode)[0]
        else:
            source = corpus[i % len(corpus)]
            status = "pass" if source.name.startswith("right") else ""
        name = f"s{i:03d}_{source.stem}"
        # A complete file with the corpus file at its end (meta/planted.py's way): its status is its own.
        (folder / f"{name}.py").write_text(RIGHT.read_text() + "\n\n" + source.read_text())
        expected[name] = status
    return expected


def grade(cls: Path, out: Path, mode: str, options: tuple[str, ...] = ()) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "spec", "grade", str(cls), "--out", str(out), f"--sandbox={mode}", "-m", MARKEXPR]
        + list(options),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cost(work: Path, n: int) -> None:
    build_class(work / "class", n)
    for mode in ("none", "bwrap", "none", "bwrap"):
        out = work / f"out-{mode}"
        shutil.rmtree(out, ignore_errors=True)
        before = load()
        wall = grade(work / "class", out, mode)
        print(f"{mode}: {n} submissions in {wall:.1f} s ({wall / n:.2f} s each); load {before} -> {load()}", flush=True)


def new_files(since: Path, roots: list[str], skip: Path) -> list[str]:
    """Files changed after `since` under `roots`, outside `skip` (find -newer)."""
    found = subprocess.run(
        ["find", *roots, "-xdev", "-newer", str(since), "-not", "-path", f"{skip}*", "-type", "f"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    # /tmp is shared with other users of the machine: only what a grader or a submission would leave there.
    ours = ("spec-engine", "spec-survivor", "pytorch-basics-spec", "/s0", "/s1")
    return [f for f in found if not f.startswith("/tmp/") or any(mark in f for mark in ours)]


def long_class(work: Path, n: int, mode: str) -> int:
    expected = build_class(work / "class", n, hostile_every=4, mode=mode)
    out = work / "out"
    stamp = work / "stamp"
    stamp.write_text("")
    time.sleep(1)
    before = load()
    wall = grade(work / "class", out, mode, HOSTILE_OPTIONS[1:])  # its limits, without the runner's --grading
    print(f"{mode}: {n} submissions (a quarter hostile) in {wall:.1f} s; load {before} -> {load()}")
    wrong = []
    for name, status in expected.items():
        report = out / f"{name}.json"
        if not report.is_file():
            wrong.append(f"{name}: no report")
            continue
        got = json.loads(report.read_text())["status"]
        if status and got != status:
            wrong.append(f"{name}: {got}, expected {status}")
    print(f"reports: {len(expected) - len(wrong)} of {len(expected)} present and right; wrong: {wrong}")
    time.sleep(2)
    left = subprocess.run(["ps", "-eo", "pid,ppid,comm,args"], capture_output=True, text=True, check=False).stdout
    strays = [
        line for line in left.splitlines() if "spec-survivor" in line or "spec-engine" in line or "zygote" in line
    ]
    print(f"processes left: {strays}")
    outside = new_files(stamp, ["/tmp", str(ROOT), str(Path.home() / ".cache")], work)
    print(f"files written outside {work}: {outside}")
    return 1 if wrong or strays or outside else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("cost", "long"))
    parser.add_argument("work", type=Path, help="an empty folder for the class and the reports")
    parser.add_argument("--n", type=int, default=None)
    parser.add_argument("--mode", choices=("bwrap", "none"), default="bwrap")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    if args.what == "cost":
        cost(args.work, args.n or 100)
        return 0
    return long_class(args.work, args.n or 200, args.mode)


if __name__ == "__main__":
    sys.exit(main())
