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
report was graded from the same files (their hash, not their times: `cp -p`, `rsync -a` and unzip keep old
times) under the same selection and limits (the report's `grading` key); `--force` grades all again. Ctrl-C
keeps the reports already written.

The teacher's input is checked first, each problem one line and exit status 2: a limit below 1, a `-m` that
pytest cannot parse, an `--out` inside the submissions or not writable, two submissions of one name. A
submission given twice is graded once (exit status 2 at the end, after the rest); a submission that is, or
holds, a symbolic link to a file outside its folder is refused unread. What the grader's own environment
variables and command line hold is scrubbed from every report (a submission can print them).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import inspect
import json
import os
import re
import shlex
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

try:  # pytest's own parse of -m, with its own message (pytest 8.x, 9.x)
    from _pytest.mark import _parse_expression
except ImportError:  # another pytest: a bad -m then shows in each submission's report instead
    _parse_expression = None

from spec import assignment, i18n
from spec.assignment import Assignment
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
        self.digest = ""  # files_digest(), taken before it is graded (a notebook's main changes on the way)

    def shown(self) -> str:
        """The handed-in file as the teacher can reach it: relative to where the grader runs, else absolute."""
        try:
            return str(self.main.relative_to(Path.cwd()))
        except ValueError:
            return str(self.main)

    def files(self) -> list[Path]:
        """Its files, in a stable order (a folder's, symbolic links included, never followed)."""
        if not self.copy.is_dir():
            return [self.copy]
        found = []
        for top, dirs, names in os.walk(self.copy):  # followlinks=False: a linked folder is one entry
            dirs.sort()
            found += [Path(top) / n for n in sorted(names)] + [Path(top) / d for d in dirs if Path(top, d).is_symlink()]
        return found


def files_digest(sub: Submission) -> str:
    """sha256 over the submission's files: each one's path inside it and its bytes."""
    digest = hashlib.sha256()
    for path in sub.files():
        digest.update(os.fsencode(path.relative_to(sub.copy.parent)) + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def _link_outside(sub: Submission, folder: Path) -> str | None:
    """The first of the submission's entries that is a symbolic link to somewhere outside `folder`, as a
    problem; None when there is none. Read through, such a link (-> /etc/passwd) would put what it points at
    into a report."""
    for path in [sub.copy, *sub.files()] if sub.copy.is_dir() and not sub.copy.is_symlink() else [sub.copy]:
        if not path.is_symlink():
            continue
        target = path.resolve()
        if not target.is_relative_to(folder):
            return (
                f"{path.name} is a symbolic link to {os.readlink(path)}, outside {folder}: not read, not graded "
                "(hand in the file itself)"
            )
    return None


def _from_folder(folder: Path) -> Submission:
    candidates = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in SOURCES)
    named = [p for p in candidates if p.name in MAIN_NAMES]
    main = candidates[0] if len(candidates) == 1 else named[0] if len(named) == 1 else None
    if main is None:
        found = ", ".join(p.name for p in candidates) or "none"
        problem = f"cannot tell the main file of {folder}: one .py/.ipynb file, or solution.py (found: {found})"
        return Submission(folder.name, folder, folder, problem)
    return Submission(folder.name, main, folder)


class InputError(Exception):
    """A problem with the teacher's command line: one line, exit status 2."""


def find_submissions(paths: Sequence[Path], *, given_twice: list[str] | None = None) -> list[Submission]:
    """The submissions the arguments name (see the module docstring), in the order given, each once: one given
    twice (a folder and a file in it) is kept once and named in `given_twice`. Raises InputError when two
    different ones share a name."""
    found: list[Submission] = []
    for given in paths:
        path = Path(os.path.abspath(given))  # not resolved: a link given here is the teacher's own choice
        if path.is_file():
            found.append(Submission(path.stem, path, path))
        elif path.is_dir():
            path = path.resolve()
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix in SOURCES:
                    sub = Submission(child.stem, child, child)
                elif child.is_dir() and not child.name.startswith((".", "__")):
                    sub = _from_folder(child)
                else:
                    continue
                # a file may point within the class folder; a folder's files only within that folder
                sub.problem = sub.problem or _link_outside(sub, path if sub.copy.is_file() else child.resolve())
                if child.is_symlink() and not child.resolve().is_relative_to(path):
                    sub.problem = _link_outside(Submission(child.name, child, child), path)
                found.append(sub)
        else:
            found.append(Submission(path.stem, path, path, f"{path}: no such file or folder"))
    names: dict[str, Path] = {}
    unique: list[Submission] = []
    for sub in found:
        if sub.name in RESERVED_NAMES:
            raise InputError(
                f"spec grade: a submission is named {sub.name!r} ({sub.copy}); rename it ({sub.name}.json in --out "
                "is the class's own file)"
            )
        if sub.name in names and names[sub.name] == sub.copy:
            if given_twice is not None:
                given_twice.append(f"{sub.name} ({sub.copy})")
            continue
        if sub.name in names:
            raise InputError(
                f"spec grade: two submissions are named {sub.name!r} ({names[sub.name]} and "
                f"{sub.copy}); rename one (reports are written as <name>.json)"
            )
        names[sub.name] = sub.copy
        unique.append(sub)
    return unique


def check_arguments(args: argparse.Namespace) -> None:
    """Raises InputError with the first problem of the command line: a limit below 1, a -m that pytest cannot
    parse, an --out inside the submissions (its reports would be graded) or not writable."""
    for option in ("jobs", "timeout", "wall", "memory"):
        value = getattr(args, option, None)
        if value is not None and value < 1:
            raise InputError(f"spec grade: --{option} {value:g} is below 1; give 1 or more")
    try:
        if _parse_expression is not None and args.markexpr is not None:
            _parse_expression(args.markexpr, "Wrong expression passed to '-m'")
    except pytest.UsageError as exc:
        raise InputError(f"spec grade: {exc}") from None
    out = args.out.resolve()
    for given in args.submissions:
        folder = Path(given).resolve()
        if folder.is_dir() and (out.is_relative_to(folder) or folder.is_relative_to(out)):
            raise InputError(
                f"spec grade: --out {args.out} is inside the submissions folder {given} (or holds it): its reports "
                "would be graded as a submission; choose a folder outside it"
            )
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".spec-grade-"):
            pass
    except OSError as exc:
        raise InputError(f"spec grade: cannot write to --out {args.out}: {exc.strerror or exc}") from None


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


# Variables whose values are no secret and turn up in ordinary output (paths, the locale): left as they are.
PLAIN_VARIABLES = {"PATH", "HOME", "PWD", "OLDPWD", "USER", "LOGNAME", "SHELL", "TERM", "TMPDIR", "SHLVL", "_"}
PLAIN_VARIABLES |= {"LANG", "LANGUAGE", "VIRTUAL_ENV", "PYTHONPATH", "HOSTNAME", "TZ"}
SHORTEST_SECRET = 6  # shorter values ("1", "true", "en") are everywhere in ordinary output


def grader_secrets(environ: dict[str, str] | None = None, argv: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(text, what to write instead) for what a submission's output must not carry into a report: the grader's
    environment variables' values (a token) and its command line, as a submission can read them (os.environ,
    sys.argv, /proc/<the grader>/environ and cmdline). Longest first, so that a value inside another goes too."""
    environ = dict(os.environ) if environ is None else environ
    argv = list(sys.argv) if argv is None else list(argv)
    found = {
        value: f"${name}"
        for name, value in environ.items()
        if len(value) >= SHORTEST_SECRET and name not in PLAIN_VARIABLES and not name.startswith("LC_")
    }
    try:  # as the process was started (python -m spec grade ...), which is not sys.argv
        started = os.fsdecode(Path("/proc/self/cmdline").read_bytes()).rstrip("\0").split("\0")
    except OSError:
        started = []
    line = "[the grader's command line]"
    for words in (argv, started):
        if len(words) > 1:  # a lone word ("python") is everywhere in ordinary output
            found.update({" ".join(words): line, shlex.join(words): line, "\0".join(words): line, repr(words): line})
    return sorted(found.items(), key=lambda item: -len(item[0]))


def scrub_report(report: dict[str, Any], secrets: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The report with each secret's text replaced, but for what the teacher gave (the submission's path)."""
    return {**scrub(report, secrets), **{k: report[k] for k in ("implementation", "args") if k in report}}


def scrub(value: Any, secrets: Sequence[tuple[str, str]]) -> Any:
    """`value` (a report, or any part of it) with each secret's text replaced."""
    if isinstance(value, str):
        for text, instead in secrets:
            if text in value:
                value = value.replace(text, instead)
        return value
    if isinstance(value, list):
        return [scrub(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, secrets) for k, v in value.items()}
    return value


def grading_key(args: argparse.Namespace, chosen: Assignment | None = None) -> dict[str, Any]:
    """What a report was graded under, besides the submission's files: a rerun under another selection, other
    limits or another assignment file (its points are in the report) grades again. The language is not in it: it
    changes a report's words, never its verdicts (a class's reports in one language are the start of its grading
    in the other: meta/test_misconceptions.py)."""
    path = chosen.path if chosen is not None else None
    return {
        "markexpr": args.markexpr,
        "limits": {"timeout": args.timeout, "wall": args.wall, "memory": args.memory, "output": args.output},
        "assignment": hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None,
    }


def up_to_date(report_path: Path, sub: Submission, key: dict[str, Any]) -> bool:
    """Whether the report there was graded from these very files under `key` (its `grading`)."""
    try:
        graded = json.loads(report_path.read_text(encoding="utf-8")).get("grading")
    except (OSError, ValueError, AttributeError):
        return False
    return graded == {**key, "files": sub.digest}


_PROGRESS = re.compile(r"[.FEsxXn]*( *\[ *\d+%\])?")  # pytest's progress letters: the engine's, not the submission's


def rerun_command(sub: Submission, chosen: Assignment | None = None) -> str:
    """`python -m spec check bob/solution.py --assignment hw.toml`: the real file, and the assignment graded (by its
    name: the learner has their own copy, and the grader's folders are none of theirs)."""
    given = f" --assignment {shlex.quote(chosen.path.name)}" if chosen is not None and chosen.path else ""
    return f"{LAUNCHER} {shlex.quote(sub.shown())}{given}"


def slim(built: dict[str, Any]) -> dict[str, Any]:
    """A report as a teacher reads it: the tests that failed, with every field; of the others of the learner's code,
    their number per status (`omitted`). `--detail` (and `--exercism`, whose format lists every test) keeps them all.
    """
    own = [t for t in built["tests"] if t["checks_implementation"]]
    kept = [t for t in built["tests"] if t["status"] in ("fail", "error")]
    built["omitted"] = {s: sum(t["status"] == s for t in own) for s in ("pass", "not_implemented", "skip")}
    built["tests"] = kept  # each concept's `tests` still lists every node id that spoke about it
    return built


def report_of(
    outcome: engine.Outcome, sub: Submission, *, lang: str = "en", chosen: Assignment | None = None
) -> dict[str, Any]:
    """The `--report` dict of one graded submission, built in the grader from the streamed outcomes (each
    test's fields and Failure, validated by the engine), with each test's function for its source."""
    pages = engine.page_modules()
    tests: list[TestResult] = [
        dataclasses.replace(test, function=_function_of(test.nodeid, pages)) for test in outcome.tests
    ]
    error = outcome.error or outcome.import_error
    printed = "\n".join(line for line in outcome.log.splitlines() if not _PROGRESS.fullmatch(line.strip()))
    if outcome.error and printed.strip():
        error += "\n--- the submission's last output ---\n" + printed[-1500:]
    elif error is None and outcome.exit_code in (3, 4) and printed.strip():
        # pytest refused the child's command line or failed inside: its own words say why, its exit code does not
        error = f"{report.exit_error(outcome.exit_code)}\n--- pytest's output ---\n{printed[-1500:]}"
    exitstatus = outcome.exit_code if outcome.exit_code is not None else (4 if outcome.import_error else None)
    built = report.build_from(
        tests,
        RunContext(
            lang=lang,
            impl_arg=sub.shown(),
            impl_file=str(sub.main),
            command=rerun_command(sub, chosen),
            assignment=chosen or Assignment(),
        ),
        exitstatus=exitstatus,
        error=error,
        collect_errors=outcome.collect_errors,
        left_out=outcome.left_out,
        markexpr=outcome.job.markexpr,
        args=["grade", sub.shown()],
        started=outcome.started,
        finished=outcome.finished,
        reason=None
        if outcome.reason is None
        else {"kind": outcome.reason.kind.name.lower(), "test": outcome.reason.test},
    )
    built["environment"]["threads"] = 1  # the child's, not the grader's
    # Messages name the working copy; a teacher wants the file that was handed in, and a learner no grader's path.
    if outcome.workdir:  # (an outcome that never ran has none: "/" is no working copy)
        built = _replace_paths(built, outcome.workdir.rstrip("/") + "/", str(sub.copy.parent) + "/")
    built = _replace_paths(built, f"--impl {sub.main}: ", f"{sub.shown()}: ")
    return _replace_paths(built, str(sub.main), sub.shown())


def problem_report(sub: Submission, markexpr: str, chosen: Assignment | None = None) -> dict[str, Any]:
    return report.build_from(
        [],
        RunContext(impl_arg=sub.shown(), assignment=chosen or Assignment()),
        exitstatus=None,
        error=sub.problem,
        markexpr=markexpr,
        args=["grade", sub.shown()],
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
        help=".py files, notebooks, or folders of them (see above)",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for the reports and class files")
    parser.add_argument(
        "--jobs", type=int, default=None, help="submissions at once. Default: one per core, as memory allows"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help=f"seconds one test may run. Default: the --assignment's [limits] timeout, else {limits.test_timeout!r}",
    )
    parser.add_argument(
        "--wall",
        type=float,
        default=None,
        help=f"seconds one submission may run in all. Default: the --assignment's [limits] wall, else {limits.wall!r}",
    )
    parser.add_argument(
        "--memory",
        type=float,
        default=None,
        metavar="GB",
        help=f"memory one submission may use. Default: the --assignment's [limits] memory, else {limits.memory_gb!r}",
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
        "-m",
        dest="markexpr",
        default=None,
        help="which tests. Default: the --assignment's tier and pages, else 'cpu and not slow' (the quick tier)",
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
    parser.add_argument(
        "--assignment",
        type=Path,
        default=None,
        metavar="FILE",
        help="the assignment (TOML, docs/assignments.md): only its concepts, at its tier, with its points and limits "
        "(-m, --timeout, --wall and --memory given here win). Default: every concept, one point each",
    )
    parser.add_argument(
        "--roster",
        type=Path,
        default=None,
        metavar="CSV",
        help="submission names to students: a CSV with the columns submission,id (and optionally name, login, "
        "email, section), for the gradebook CSVs canvas.csv and moodle.csv. Default: the submission names",
    )
    parser.add_argument(
        "--detail",
        action="store_true",
        help="keep every test in each report, with its source, output and message (--exercism does too). Default: "
        "the failing tests, and the number of the others",
    )


def _gradebook_outputs(
    out: Path,
    reports: dict[str, dict[str, Any]],
    args: argparse.Namespace,
    old: dict[str, Any] | None = None,
    roster: gradebook.Roster | None = None,
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
    if any("assignment" in r for r in reports.values()) or roster is not None:
        gradebook.write_canvas_csv(reports, out / "canvas.csv", roster)
        gradebook.write_moodle_csv(reports, out / "moodle.csv", roster)
        written += ["canvas.csv", "moodle.csv"]
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


# The --help text: what a teacher needs, in their words (the module docstring above is for the code's readers).
DESCRIPTION = """\
Grade a class's submissions, each isolated and bounded.

A submission is a .py file or a .ipynb notebook (named after the file), or a subfolder of a folder given on
the command line (named after the subfolder; its main file is its only top-level .py/.ipynb, or solution.py
when there are several; the rest of the subfolder is copied along). Each runs in its own process, with its
own copy of its files and the limits below. Written in --out: <name>.json per submission as soon as it is
graded (the format of `spec check --spec-report`), then class.csv, index.html and misconceptions.csv/.json;
changes.json with --since. A rerun grades only the submissions changed since their report; Ctrl-C keeps the
reports already written."""

EPILOG = """\
examples:
  python -m spec grade submissions/ --out grades/
  python -m spec grade submissions/ --out grades/ -m cpu
  python -m spec grade submissions/ --out grades/ --jobs 4 --timeout 60 --memory 4
  python -m spec grade submissions/ --out grades/ --gradescope --weights weights.toml
  python -m spec grade submissions/ --out grades/ --since last_week/
"""


def _interrupt(signum: int, frame: Any) -> None:
    """SIGTERM or SIGHUP (a CI timeout, `timeout`, a closed terminal) ends the grading as Ctrl-C does: the
    engine kills every child and removes the working copies, and the class files are written for what was
    graded."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spec grade",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return grade(parser.parse_args(argv))


def settle(args: argparse.Namespace) -> Assignment | None:
    """Reads --assignment and fills in what the command line left to it: -m, --timeout, --wall, --memory."""
    try:
        chosen = assignment.load(args.assignment) if args.assignment is not None else None
    except assignment.AssignmentError as exc:
        raise SystemExit(f"spec grade: --assignment {exc}") from None
    given = chosen.limits if chosen is not None else {}
    defaults = engine.Limits()
    args.markexpr = args.markexpr or (chosen.markexpr if chosen is not None else assignment.TIERS["quick"])
    args.timeout = args.timeout or given.get("timeout", defaults.test_timeout)
    args.wall = args.wall or given.get("wall", defaults.wall)
    args.memory = args.memory or (given["memory"] / 1024 if "memory" in given else defaults.memory_gb)  # MiB -> GB
    return chosen if chosen is not None and chosen.selects else None


def grade(args: argparse.Namespace) -> int:
    """Grades the submissions; exit status 0, 2 for a problem of the command line (one line, see the module
    docstring), or 130 when interrupted (the finished reports stay)."""
    given_twice: list[str] = []
    try:
        check_arguments(args)  # before the assignment fills in what the command line left (None)
        subs = find_submissions(args.submissions, given_twice=given_twice)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    chosen = settle(args)
    for twice in given_twice:
        print(f"spec grade: {twice} is given twice; graded once", file=sys.stderr)
    from tqdm import tqdm  # a third-party import (~0.2 s) that only grading needs

    roster = gradebook.read_roster(args.roster) if getattr(args, "roster", None) else None

    out: Path = args.out
    # --since is read first: a wrong folder fails before the grading, and --since may name --out itself.
    old = gradebook.read_analysis(args.since) if args.since is not None else None
    key = grading_key(args, chosen)
    for sub in subs:
        if sub.problem is None:
            try:
                sub.digest = files_digest(sub)
            except OSError as exc:  # unreadable, or gone since it was found
                sub.problem = f"{sub.copy}: cannot be read ({exc.strerror or exc})"
    todo = [s for s in subs if args.force or s.problem is not None or not up_to_date(out / f"{s.name}.json", s, key)]
    skipped = len(subs) - len(todo)
    secrets = grader_secrets()
    for sub in [s for s in todo if s.problem is not None]:
        write_json(out / f"{sub.name}.json", scrub_report(problem_report(sub, args.markexpr, chosen), secrets))
    runnable = [s for s in todo if s.problem is None]
    limits = engine.Limits(test_timeout=args.timeout, wall=args.wall, memory_gb=args.memory, output_mb=args.output)
    by_name = {s.name: s for s in runnable}
    # Always named: a spec.toml handed in inside a submission's folder must not choose what it is graded on.
    given = ("--spec-assignment", str(chosen.path.resolve()) if chosen is not None else assignment.NONE)
    jobs = [engine.Job(main=s.main, copy=s.copy, markexpr=args.markexpr, name=s.name, extra=given) for s in runnable]
    bar = tqdm(total=len(jobs), unit="submission", file=sys.stderr, disable=not jobs)

    def done(outcome: engine.Outcome) -> None:
        sub = by_name[outcome.job.name]
        try:
            rep = report_of(outcome, sub, lang=args.lang, chosen=chosen)
            rep = scrub_report(rep if getattr(args, "detail", False) or args.exercism else slim(rep), secrets)
            rep["grading"] = {**key, "files": sub.digest}
        except Exception as exc:  # noqa: BLE001  (whatever one submission sent, the class goes on)
            sub.problem = f"the grader could not build its report ({type(exc).__name__}: {exc})"
            rep = scrub_report(problem_report(sub, args.markexpr, chosen), secrets)
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
            shown = [chosen.path.resolve()] if chosen is not None else []
            engine.run(jobs, limits=limits, parallel=args.jobs, on_done=done, sandbox=sandbox, hide=hide, show=shown)
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
    written = _gradebook_outputs(out, reports, args, old, roster)
    counts = {k: sum(r["status"] == k for r in reports.values()) for k in ("pass", "fail", "not_implemented", "error")}
    print(
        f"spec grade: {len(reports)} of {len(subs)} reports in {out} ({counts['pass']} pass, {counts['fail']} fail, "
        f"{counts['not_implemented']} not implemented, {counts['error']} error); "
        f"graded {bar.n} in {time.time() - started:.0f} s, {skipped} up to date"
        + (f"; also {', '.join(written)}" if written else "")
    )
    if args.since is not None:
        print(_changes_line(json.loads((out / "changes.json").read_text(encoding="utf-8"))))
    if interrupted:
        print("spec grade: interrupted; the finished reports are kept, run the same command to go on", file=sys.stderr)
        return 130
    return 2 if given_twice else 0


if __name__ == "__main__":
    sys.exit(main())
