"""Run the spec against many implementations quickly: spec/teacher/engine/'s warm parent, one child per file.

Importing torch, torchvision and onnxruntime costs ~5 s on the 2-core box; a meta-test that ran a
fresh `pytest --impl FILE` per wrong implementation would pay it a hundred times. The engine imports
everything once, then forks a bounded child per implementation that runs `pytest.main` with
`--impl FILE` exactly as a learner would, as many at once as the machine has cores; `python -m spec
grade` runs a class through the same engine.

    python -m meta.runner --json out.json meta/mutants/tensors/*.py
"""

from __future__ import annotations

import argparse
import ast
import faulthandler
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from spec.teacher import engine

ROOT = engine.ROOT
MUTANTS = ROOT / "meta" / "mutants"
PAGES_DIR = ROOT / "spec" / "pages"
# spec/results/summary.py's statuses -> the words the meta-tests match
OUTCOMES = {
    "pass": "passed",
    "fail": "failed",
    "error": "error",
    "not_implemented": "not implemented",
    "skip": "skipped",
}


def page_of(path: Path) -> str:
    """Mutants live in meta/mutants/<page>/ (or <page>/gpu/); the page is their marker."""
    return path.parent.parent.name if path.parent.name == "gpu" else path.parent.name


def page_files(page: str) -> list[str]:
    """The spec files a mutant of `page` is judged by: the page's modules, without its `*_facts` ones.

    Facts modules (and ERRATA/DRIFT tests) check torch itself, never the implementation, so they
    cannot tell one mutant from another; leaving them and the other pages out of each child's
    collection keeps a few hundred mutants within CI's minutes. Unknown page: the whole spec.
    """
    files = []
    for test_file in sorted(PAGES_DIR.glob("test_*.py")):
        module = sys.modules.get(f"spec.pages.{test_file.stem}")
        marks = getattr(module, "pytestmark", [])
        names = {m.name for m in (marks if isinstance(marks, list) else [marks])}
        if page in names and not test_file.stem.endswith("_facts"):
            files.append(str(test_file))
    return files or [str(PAGES_DIR)]


def complete_submission() -> str:
    """One file that defines the whole contract, written differently from reference/: each page's
    right_second_<page>.py of the corpus, one after another (a class's complete submission)."""
    pages = ("tensors", "data", "transforms", "model", "autograd", "optimization", "persistence")
    return "\n\n".join((MUTANTS / page / f"right_second_{page}.py").read_text() for page in pages)


def expect_lines(path: Path) -> list[str]:
    """What a corpus file's docstring says of it, one `expect: ...` line each, without the prefix:
    `pass`, `fail TEST` (repeatable), or for a hostile file `error REASON`."""
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    lines = (line.strip() for line in doc.splitlines())
    return [line.removeprefix("expect: ").strip() for line in lines if line.startswith("expect: ")]


def named_failures(path: Path) -> list[str]:
    """The tests a corpus file's docstring says must reject it (`expect: fail TEST` lines); [] for the others."""
    return [line.removeprefix("fail ").strip() for line in expect_lines(path) if line.startswith("fail ")]


def named_tests(files: list[str], names: list[str]) -> list[str]:
    """Node ids `FILE::NAME` (every parameter of it) of the tests called `names` in the spec `files`."""
    ids = []
    for file in files:
        module = sys.modules.get(f"spec.pages.{Path(file).stem}")
        ids += [f"{file}::{name}" for name in names if callable(getattr(module, name, None))]
    return ids


def job_for(impl: Path, markexpr: str | None, *, grading: bool = False, extra: Sequence[str] = ()) -> engine.Job:
    """A corpus file run as the meta-tests run it, `reference` importable unless grading.

    A right file (and a hostile one) gets its page's quick tier: no test of it may fail. A wrong one gets
    only the tests its docstring names, which must fail; its page's other tests would say nothing about
    its verdict, and leaving them out makes the ~340 wrong files ~8x cheaper. Files under <page>/gpu/ run
    both devices (their mistake shows only on CUDA).
    """
    page = page_of(impl)
    files = page_files(page)
    devices = "" if impl.parent.name == "gpu" else "cpu and "
    named = [] if markexpr else named_tests(files, named_failures(impl))
    return engine.Job(
        main=impl,
        copy=impl,
        name=impl.stem,
        grading=grading,
        markexpr=markexpr or f"{devices}not slow and not benchmark and {page}",
        paths=[str(PAGES_DIR)] if markexpr else named or files,
        extra=tuple(extra),
    )


def run_all(
    impls: list[Path],
    *,
    markexpr: str | None = None,
    jobs: int | None = None,
    grading: bool = False,
    limits: engine.Limits | None = None,
    extra: Sequence[str] = (),
    sandbox: str = "none",
) -> dict[str, dict[str, Any]]:
    """impl path -> {"exit_code", "error", "tests": {nodeid: {outcome, message}}, "log"} for each file."""
    # Profile `meta`: a failing example is not shrunk (~10 s for a wrong model); a verdict needs only whether
    # the test fails. Warmed before job_for: page_files reads the test modules' markers.
    engine.warm(profile="meta")
    results: dict[str, dict[str, Any]] = {}
    jobs_ = [job_for(impl, markexpr, grading=grading, extra=extra) for impl in impls]
    hide = sorted({impl.parent for impl in impls})  # with bwrap: no file sees the others (meta/hostile/...)
    for out in engine.run(jobs_, parallel=jobs, limits=limits, sandbox=sandbox, hide=hide):
        error = out.error or (None if out.exit_code in (0, 1) else out.import_error or f"pytest exited {out.exit_code}")
        results[str(out.job.main)] = {
            "exit_code": out.exit_code if out.exit_code is not None else -1,
            "error": error,
            "tests": {
                t.nodeid: {
                    "outcome": OUTCOMES.get(t.status, t.status),
                    "message": t.message[-2000:],
                    "failure": t.failure.to_dict() if t.failure is not None else None,  # meta/test_feedback.py
                    "concepts": list(t.concepts),
                }
                for t in out.tests
            },
            "log": out.log,
        }
    return results


class Background:
    """A corpus run in a process of its own, started when the session begins (meta/conftest.py).

    Most meta-tests wait on one process at a time (a kernel, a fresh pytest, a timeout), which leaves a
    core idle; a run started first uses it. At nice 10 it also gets the whole machine once the others are
    done, while the tests in the foreground keep the cores they ask for.
    """

    def __init__(self, impls: list[str], *, options: Sequence[str] = ()) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="spec-corpus-"))
        self.log = open(self.folder / "runner.log", "w+")  # noqa: SIM115  (closed by result() or stop())
        out = str(self.folder / "outcomes.json")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "meta.runner", *options, "--json", out, *impls],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            preexec_fn=lambda: os.nice(10),  # noqa: PLW1509  (single-threaded here: pytest's main thread)
        )

    def result(self, timeout: float = 1500) -> dict[str, dict[str, Any]]:
        """run_all's outcomes, once the run ends."""
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise
        self.log.seek(0)
        log = self.log.read()
        self.log.close()
        assert code == 0, f"meta runner exited {code}:\n{log[-5000:]}"
        outcomes = json.loads((self.folder / "outcomes.json").read_text())
        shutil.rmtree(self.folder, ignore_errors=True)
        return outcomes

    def stop(self) -> None:
        """Ends a run still going: SIGINT, on which the engine kills its children; then SIGKILL."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


# The session's Background runs (meta/conftest.py starts them): the mutant corpus (test_mutants.py
# reads it) and the hostile files (test_hostile.py), without and with the sandbox.
CORPUS = pytest.StashKey[Background]()
HOSTILE = pytest.StashKey[Background]()
HOSTILE_BWRAP = pytest.StashKey[Background]()  # the same files inside bubblewrap (--sandbox=bwrap)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("impls", nargs="+", type=Path)
    parser.add_argument("--json", type=Path, required=True, help="where to write the outcomes")
    parser.add_argument(
        "-m", dest="markexpr", default=None, help="marker expression (default: the quick tier of the file's page)"
    )
    parser.add_argument("--jobs", type=int, default=None, help="files at once. Default: one per core")
    parser.add_argument("--grading", action="store_true", help="as `spec grade` runs them: no `reference` import")
    parser.add_argument(
        "-x", "--exitfirst", action="store_true", help="stop each file at its first failing test (a mutation run)"
    )
    parser.add_argument("--sandbox", choices=("bwrap", "none"), default="none", help="as `spec grade --sandbox`")
    defaults = engine.Limits()
    parser.add_argument("--timeout", type=float, default=defaults.test_timeout, help="seconds per test")
    parser.add_argument("--memory", type=float, default=defaults.memory_gb, help="GB per file")
    parser.add_argument("--output", type=float, default=defaults.output_mb, help="MB of output per file")
    args = parser.parse_args(argv)
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # `kill -USR1 PID`: where a stuck run is
    limits = engine.Limits(test_timeout=args.timeout, memory_gb=args.memory, output_mb=args.output)
    results = run_all(
        [p.resolve() for p in args.impls],
        markexpr=args.markexpr,
        jobs=args.jobs,
        grading=args.grading,
        limits=limits,
        extra=["-x"] if args.exitfirst else [],
        sandbox=args.sandbox,
    )
    args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
