"""`python -m spec grade SUBMISSIONS... --out DIR`: a class's submissions, each isolated and bounded.

What one submission is:
- a `.py` file (its name is the file's stem), or a notebook `.ipynb` (turned into a module as
  `spec check` does, by spec/loading/notebook.py, inside the submission's own process: the grader never
  parses a submission);
- a folder given on the command line holds submissions: each `.py`/`.ipynb` file directly inside it
  is one, and each subfolder is one, named after the subfolder, whose main file is its only top-level
  `.py`/`.ipynb` file, or `solution.py` / `solution.ipynb` when there are several (the rest of the
  subfolder is copied along).

Each runs in its own process through spec/teacher/engine/ (own process group, own working copy, limits),
`--jobs` at once or as tasks of a Dask cluster (`--scheduler`). The grader writes every file in
`--out`: `<name>.json` per submission (the `--report` schema, spec/results/report.schema.json), written as
soon as it is graded, then the class files of spec/teacher/gradebook/ (class.csv, index.html in `--spec-lang`,
misconceptions.csv and .json; with `--since OLD_OUT`, changes.json). A rerun skips each submission whose
report is newer than its files (`--force` grades again); Ctrl-C keeps the reports already written.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spec import i18n
from spec.plugin.command import LAUNCHER
from spec.results import report
from spec.results.context import RunContext
from spec.results.model import TestResult
from spec.teacher import engine, gradebook

SOURCES = (".py", ".ipynb")
MAIN_NAMES = ("solution.py", "solution.ipynb")
RESERVED_NAMES = ("misconceptions", "changes")  # the class's own JSON files in --out, beside the <name>.json reports


class Submission:
    """One learner's work: a name, its main file, what gets copied, and an error if it is not gradable."""

    def __init__(self, name: str, main: Path, copy: Path, problem: str | None = None) -> None:
        self.name, self.main, self.copy, self.problem = safe_name(name), main, copy, problem

    def mtime(self) -> float:
        """The newest change to any of its files."""
        if self.copy.is_dir():
            return max((p.stat().st_mtime for p in self.copy.rglob("*") if p.is_file()), default=0.0)
        return self.copy.stat().st_mtime


def _from_folder(folder: Path) -> Submission:
    candidates = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in SOURCES)
    named = [p for p in candidates if p.name in MAIN_NAMES]
    main = candidates[0] if len(candidates) == 1 else named[0] if len(named) == 1 else None
    if main is None:
        found = ", ".join(p.name for p in candidates) or "none"
        problem = f"cannot tell the main file of {folder}: one .py/.ipynb file, or solution.py (found: {found})"
        return Submission(folder.name, folder, folder, problem)
    return Submission(folder.name, main, folder)


def find_submissions(paths: Sequence[Path]) -> list[Submission]:
    """The submissions the arguments name (see the module docstring), in the order given."""
    found: list[Submission] = []
    for path in paths:
        path = path.resolve()
        if path.is_file():
            found.append(Submission(path.stem, path, path))
        elif path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix in SOURCES:
                    found.append(Submission(child.stem, child, child))
                elif child.is_dir() and not child.name.startswith((".", "__")):
                    found.append(_from_folder(child))
        else:
            found.append(Submission(path.stem, path, path, f"{path}: no such file or folder"))
    names: dict[str, Path] = {}
    for sub in found:
        if sub.name in RESERVED_NAMES:
            raise SystemExit(
                f"spec grade: a submission is named {sub.name!r} ({sub.copy}); rename it ({sub.name}.json in --out "
                "is the class's own file)"
            )
        if sub.name in names:
            raise SystemExit(
                f"spec grade: two submissions are named {sub.name!r} ({names[sub.name]} and "
                f"{sub.copy}); rename one (reports are written as <name>.json)"
            )
        names[sub.name] = sub.copy
    return found


# -- reports --------------------------------------------------------------------------------------------


def _function_of(nodeid: str, pages: dict[str, Any]) -> Any:
    """The test function behind a node id (for its source in the report), or None: looked up in the page
    modules the grader imported itself (engine.page_modules), never imported by a name from a child."""
    path, *names = nodeid.split("::")
    obj: Any = pages.get(path)
    for name in names:
        obj = getattr(obj, name.split("[")[0], None)
    return obj if inspect.isfunction(obj) else None


def _replace_paths(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_replace_paths(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _replace_paths(v, old, new) for k, v in value.items()}
    return value


def report_of(outcome: engine.Outcome, sub: Submission, *, lang: str = "en") -> dict[str, Any]:
    """The `--report` dict of one graded submission, built in the grader from the streamed outcomes (each
    test's fields and Failure, validated by the engine), with each test's function for its source."""
    pages = engine.page_modules()
    tests: list[TestResult] = [
        dataclasses.replace(test, function=_function_of(test.nodeid, pages)) for test in outcome.tests
    ]
    error = outcome.error or outcome.import_error
    if outcome.error and outcome.log.strip():
        error += "\n--- the submission's last output ---\n" + outcome.log[-1500:]
    exitstatus = outcome.exit_code if outcome.exit_code is not None else (4 if outcome.import_error else None)
    built = report.build_from(
        tests,
        RunContext(lang=lang, impl_arg=str(sub.main), impl_file=str(sub.main), command=f"{LAUNCHER} {sub.main.name}"),
        exitstatus=exitstatus,
        error=error,
        collect_errors=outcome.collect_errors,
        markexpr=outcome.job.markexpr,
        args=["grade", str(sub.main)],
        started=outcome.started,
        finished=outcome.finished,
        reason=None
        if outcome.reason is None
        else {"kind": outcome.reason.kind.name.lower(), "test": outcome.reason.test},
    )
    built["environment"]["threads"] = 1  # the child's, not the grader's
    # Messages name the working copy; a teacher wants the file that was handed in.
    return _replace_paths(built, outcome.workdir.rstrip("/") + "/", str(sub.copy.parent) + "/")


def problem_report(sub: Submission, markexpr: str) -> dict[str, Any]:
    return report.build_from(
        [],
        RunContext(impl_arg=str(sub.main)),
        exitstatus=None,
        error=sub.problem,
        markexpr=markexpr,
        args=["grade", str(sub.main)],
    )


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Whole or not at all: a Ctrl-C never leaves half a report, and a failed write no temporary file. Text
    that is not UTF-8 (a file name's undecodable bytes, kept by Python as lone surrogates) is written with
    U+FFFD in its place."""
    tmp = path.with_name(f".{path.name}.tmp")
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    try:
        tmp.write_bytes(text.encode("utf-8", "surrogatepass").decode("utf-8", "replace").encode("utf-8"))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def safe_name(stem: str) -> str:
    """A submission's name as its report's file name and the class files' rows: a file name's undecodable
    bytes (a name that is not UTF-8) as U+FFFD."""
    return os.fsencode(stem).decode("utf-8", "replace")


# -- the command ----------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `python -m spec grade`."""
    limits = engine.Limits()
    parser.add_argument(
        "submissions",
        nargs="+",
        type=Path,
        metavar="SUBMISSION",
        help=".py files, notebooks, or folders of them (see `python -m spec grade --help`)",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for the reports and class files")
    parser.add_argument(
        "--jobs", type=int, default=None, help="submissions at once. Default: one per core, as memory allows"
    )
    parser.add_argument(
        "--timeout", type=float, default=limits.test_timeout, help="seconds one test may run. Default: %(default)r"
    )
    parser.add_argument(
        "--wall", type=float, default=limits.wall, help="seconds one submission may run in all. Default: %(default)r"
    )
    parser.add_argument(
        "--memory",
        type=float,
        default=limits.memory_gb,
        metavar="GB",
        help="memory one submission may use. Default: %(default)r",
    )
    parser.add_argument(
        "--output",
        type=float,
        default=limits.output_mb,
        metavar="MB",
        help="output one submission may print. Default: %(default)r",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="a Dask distributed scheduler (tcp://HOST:PORT): each submission is a task of "
        "its cluster. Default: this machine's cores",
    )
    parser.add_argument(
        "-m", dest="markexpr", default="cpu and not slow", help="which tests. Default: %(default)r (the quick tier)"
    )
    parser.add_argument("--force", action="store_true", help="grade again even where a report is up to date")
    parser.add_argument(
        "--sandbox",
        choices=engine.SANDBOX_MODES,
        default="auto",
        help="bwrap: each submission inside bubblewrap (its own PID, network and mount namespaces, nothing of the "
        "class or --out in view); none: a guarded child process; auto: bwrap where it runs, else none, saying so. "
        "Default: %(default)r",
    )
    parser.add_argument(
        "--gradescope", action="store_true", help="also write gradescope/<name>.json (Gradescope's results.json)"
    )
    parser.add_argument(
        "--exercism", action="store_true", help="also write exercism/<name>.json (exercism's results.json v3)"
    )
    parser.add_argument(
        "--spec-lang",
        "--lang",
        dest="lang",
        choices=i18n.LANGS,
        default=i18n.default_lang(),
        help="language of index.html, the misconceptions and the reports. Default: %(default)r (from the locale)",
    )
    parser.add_argument(
        "--since",
        type=Path,
        default=None,
        metavar="OLD_OUT",
        help="an earlier grading's --out: also write changes.json and a section of index.html on what changed "
        "(pass rates, misconceptions, students newly passing). Default: none",
    )
    parser.add_argument(
        "--weights",
        type=Path,
        default=None,
        help="points per concept for --gradescope (TOML or JSON). Default: equal weights",
    )


def _gradebook_outputs(
    out: Path, reports: dict[str, dict[str, Any]], args: argparse.Namespace, old: dict[str, Any] | None = None
) -> list[str]:
    """The class files; `old`: the --since grading's misconceptions.json, read before any file is written."""
    written = []
    lang = getattr(args, "lang", "en")
    since = getattr(args, "since", None)
    started = time.perf_counter()
    analysis = gradebook.analyze(reports, lang=lang)
    analysis["created"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    changes = gradebook.changes(old, analysis, since=str(since)) if old is not None else None
    gradebook.write_misconceptions_csv(analysis, out / "misconceptions.csv")
    analysis["seconds"] = round(time.perf_counter() - started, 4)  # the analysis' share of a grading run
    gradebook.write_misconceptions_json(analysis, out / "misconceptions.json")
    gradebook.write_class_csv(reports, out / "class.csv")
    gradebook.write_index_html(reports, out / "index.html", lang=lang, analysis=analysis, changes=changes)
    written += ["class.csv", "index.html", "misconceptions.csv", "misconceptions.json"]
    if changes is not None:
        write_json(out / "changes.json", changes)
        written.append("changes.json")
    if args.gradescope:
        weights = gradebook.load_weights(args.weights) if args.weights else None
        (out / "gradescope").mkdir(exist_ok=True)
        for name, rep in reports.items():
            write_json(out / "gradescope" / f"{name}.json", gradebook.gradescope_results(rep, weights))
        written.append("gradescope/")
    if args.exercism:
        (out / "exercism").mkdir(exist_ok=True)
        for name, rep in reports.items():
            write_json(out / "exercism" / f"{name}.json", gradebook.exercism_results(rep))
        written.append("exercism/")
    return written


def _changes_line(changes: dict[str, Any]) -> str:
    """The terminal's one line on what changed since --since."""
    rates = ", ".join(
        f"{c['concept']} {100 * c['old']:.0f}% -> {100 * c['new']:.0f}%" for c in changes["pass_rates"][:5]
    )
    return (
        f"spec grade: since {changes['since']}: {len(changes['pass_rates'])} pass rate(s) moved"
        + (f" ({rates}{', ...' if len(changes['pass_rates']) > 5 else ''})" if rates else "")
        + f"; {len(changes['misconceptions'])} misconception(s) grew or shrank; "
        f"{len(changes['newly_passing'])} student(s) newly pass a concept (changes.json)"
    )


def _interrupt(signum: int, frame: Any) -> None:
    """SIGTERM or SIGHUP (a CI timeout, `timeout`, a closed terminal) ends the grading as Ctrl-C does: the
    engine kills every child and removes the working copies, and the class files are written for what was
    graded."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spec grade", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_arguments(parser)
    return grade(parser.parse_args(argv))


def grade(args: argparse.Namespace) -> int:
    """Grades the submissions; exit status 0, or 130 when interrupted (the finished reports stay)."""
    from tqdm import tqdm  # a third-party import (~0.2 s) that only grading needs

    out: Path = args.out
    # --since is read first: a wrong folder fails before the grading, and --since may name --out itself.
    old = gradebook.read_analysis(args.since) if args.since is not None else None
    out.mkdir(parents=True, exist_ok=True)
    subs = find_submissions(args.submissions)
    todo = [
        s
        for s in subs
        if args.force
        or s.problem is not None
        or not (out / f"{s.name}.json").exists()
        or (out / f"{s.name}.json").stat().st_mtime <= s.mtime()
    ]
    skipped = len(subs) - len(todo)
    for sub in [s for s in todo if s.problem is not None]:
        write_json(out / f"{sub.name}.json", problem_report(sub, args.markexpr))
    runnable = [s for s in todo if s.problem is None]
    limits = engine.Limits(test_timeout=args.timeout, wall=args.wall, memory_gb=args.memory, output_mb=args.output)
    by_name = {s.name: s for s in runnable}
    jobs = [engine.Job(main=s.main, copy=s.copy, markexpr=args.markexpr, name=s.name) for s in runnable]
    bar = tqdm(total=len(jobs), unit="submission", file=sys.stderr, disable=not jobs)

    def done(outcome: engine.Outcome) -> None:
        sub = by_name[outcome.job.name]
        try:
            rep = report_of(outcome, sub, lang=args.lang)
        except Exception as exc:  # noqa: BLE001  (whatever one submission sent, the class goes on)
            sub.problem = f"the grader could not build its report ({type(exc).__name__}: {exc})"
            rep = problem_report(sub, args.markexpr)
        write_json(out / f"{sub.name}.json", rep)
        bar.set_postfix_str(f"{sub.name}: {rep['status']}")
        bar.update()

    started = time.time()
    interrupted = False
    try:
        sandbox = engine.choose_sandbox(getattr(args, "sandbox", "auto")) if jobs and not args.scheduler else "none"
    except engine.SandboxError as exc:
        print(f"spec grade: {exc}", file=sys.stderr)
        return 2
    hide = [out.resolve(), *(p.resolve() if p.is_dir() else p.resolve().parent for p in args.submissions)]
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        if args.scheduler:
            for _ in engine.run_on_cluster(jobs, args.scheduler, limits=limits, on_done=done):
                pass
        elif jobs:
            engine.run(jobs, limits=limits, parallel=args.jobs, on_done=done, sandbox=sandbox, hide=hide)
    except KeyboardInterrupt:
        interrupted = True
    except engine.SandboxError as exc:  # bubblewrap did not start: the reports so far are kept
        print(f"spec grade: {exc}", file=sys.stderr)
        interrupted = True
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        bar.close()
    reports = {
        s.name: json.loads((out / f"{s.name}.json").read_text(encoding="utf-8"))
        for s in subs
        if (out / f"{s.name}.json").exists()
    }
    written = _gradebook_outputs(out, reports, args, old)
    counts = {k: sum(r["status"] == k for r in reports.values()) for k in ("pass", "fail", "error")}
    print(
        f"spec grade: {len(reports)} of {len(subs)} reports in {out} ({counts['pass']} pass, {counts['fail']} fail, "
        f"{counts['error']} error); graded {bar.n} in {time.time() - started:.0f} s, {skipped} up to date"
        + (f"; also {', '.join(written)}" if written else "")
    )
    if args.since is not None:
        print(_changes_line(json.loads((out / "changes.json").read_text(encoding="utf-8"))))
    if interrupted:
        print("spec grade: interrupted; the finished reports are kept, run the same command to go on", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
