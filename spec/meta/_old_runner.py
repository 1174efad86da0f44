"""Run the spec against many implementations quickly: one warm parent, one forked pytest per file.

Importing torch, torchvision and onnxruntime costs ~5 s on the 2-core box; a meta-test that ran a
fresh `pytest --impl FILE` per wrong implementation would pay it a hundred times. The parent here
imports everything once, then forks a child per implementation that runs `pytest.main` with
`--impl FILE` exactly as a learner would, and records every test's outcome.

    python -m spec.meta.runner --json out.json spec/meta/mutants/tensors/*.py
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PRELOAD = ["torch", "torchvision", "numpy", "PIL.Image", "hypothesis", "pytest", "onnx", "onnxruntime",
           "onnxscript"]


class Recorder:
    """pytest plugin: nodeid -> {outcome, message, not_implemented} for every test."""

    def __init__(self) -> None:
        self.results: dict[str, dict[str, Any]] = {}

    def pytest_runtest_logreport(self, report: Any) -> None:
        entry = self.results.setdefault(report.nodeid, {"outcome": "passed", "message": ""})
        if "not_implemented" in dict(report.user_properties):
            entry["outcome"] = "not implemented"
        elif report.failed:
            entry["outcome"] = "failed" if report.when == "call" else "error"
        elif report.skipped:
            entry["outcome"] = "skipped"
        if not report.passed:
            entry["message"] = str(report.longreprtext)[-2000:]


def page_of(path: Path) -> str:
    """Mutants live in spec/meta/mutants/<page>/; the page is their marker."""
    return path.parent.name


def page_files(page: str) -> list[str]:
    """The spec files a mutant of `page` is judged by: the page's modules, without its `*_facts` ones.

    Facts modules (and ERRATA/DRIFT tests) check torch itself, never the implementation, so they
    cannot tell one mutant from another; leaving them and the other pages out of each child's
    collection keeps a few hundred mutants within CI's minutes. Unknown page: the whole spec.
    """
    files = []
    for test_file in sorted((ROOT / "spec").glob("test_*.py")):
        module = sys.modules.get(f"spec.{test_file.stem}")
        marks = getattr(module, "pytestmark", [])
        names = {m.name for m in (marks if isinstance(marks, list) else [marks])}
        if page in names and not test_file.stem.endswith("_facts"):
            files.append(str(test_file))
    return files or [str(ROOT / "spec")]


def _child(impl: str, markexpr: str, out: str, paths: list[str]) -> None:
    log = os.open(out + ".log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(log, 1)
    os.dup2(log, 2)
    import pytest

    recorder = Recorder()
    code = pytest.main(
        ["-p", "no:cacheprovider", "-q", "--no-header", "-m", markexpr, f"--impl={impl}",
         "--hypothesis-profile=learner", "--benchmark-disable",
         "--lang=en",  # messages are matched in English, whatever the locale
         f"--basetemp={out}.tmp",  # its own: children sharing pytest's /tmp/pytest-of-* race on clean-up
         *paths],
        plugins=[recorder],
    )
    Path(out).write_text(json.dumps({"exit_code": int(code), "tests": recorder.results}))
    sys.stdout.flush()
    os._exit(0)


def run_all(impls: list[Path], *, markexpr: str | None = None, jobs: int = 2) -> dict[str, dict[str, Any]]:
    """impl path -> {"exit_code", "tests": {nodeid: {outcome, message}}, "log"} for each file."""
    os.chdir(ROOT)
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    # The children run with the learner profile; load it before the test modules are imported, since
    # some hypothesis versions fix a test's settings (deadline!) when its decorator runs.
    import spec.plugin  # noqa: F401  (registers the profiles)
    from hypothesis import settings

    settings.load_profile("learner")
    for test_file in sorted((ROOT / "spec").glob("test_*.py")):
        importlib.import_module(f"spec.{test_file.stem}")
    ctx = multiprocessing.get_context("fork")
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        pending = list(enumerate(impls))
        running: list[tuple[Any, Path, str]] = []
        while pending or running:
            while pending and len(running) < jobs:
                i, impl = pending.pop(0)
                out = os.path.join(tmp, f"{i}.json")
                expr = markexpr or f"cpu and not slow and not benchmark and {page_of(impl)}"
                paths = [str(ROOT / "spec")] if markexpr else page_files(page_of(impl))
                proc = ctx.Process(target=_child, args=(str(impl), expr, out, paths))
                proc.start()
                running.append((proc, impl, out))
            proc, impl, out = running.pop(0)
            proc.join()
            log = Path(out + ".log").read_text(errors="replace") if Path(out + ".log").exists() else ""
            if Path(out).exists():
                results[str(impl)] = {**json.loads(Path(out).read_text()), "log": log[-4000:]}
            else:
                results[str(impl)] = {"exit_code": -1, "tests": {}, "log": log[-4000:]}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("impls", nargs="+", type=Path)
    parser.add_argument("--json", type=Path, required=True, help="where to write the outcomes")
    parser.add_argument("-m", dest="markexpr", default=None,
                        help="marker expression (default: the quick tier of the file's page)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    results = run_all([p.resolve() for p in args.impls], markexpr=args.markexpr, jobs=args.jobs)
    args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
