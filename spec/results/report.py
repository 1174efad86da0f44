"""`--report model.json`: the run's results for graders, as exercism's model.json v3, extended.

exercism v3 gives {"version": 3, "status": "pass" | "fail" | "error", "message", "tests": [{"name",
"status", "message", "output", "test_code", "task_id"}]}. This report keeps those fields and adds,
per test: the "not_implemented" and "skip" statuses, the tutorial page and section, the contract
names it exercised, a failed check as data ("failure", spec/results/failure.py), the code that reproduces it
(the failure's own field, never read back from a message) and the duration; and per run: a summary
per concept and per page, the next concept to work on, the implementation, torch version and device.
spec/results/report.schema.json is its JSON Schema.

Top-level status, which the exit status and the summary agree with: "error" when the run could not check
the implementation (it does not import, a spec file does not collect, no test was selected, the run was
interrupted; pytest's exit status 2-5); "fail" when a test failed (exit status 1); "not_implemented" when
none failed but a name the tests use is not defined yet, or raises NotImplementedError (exit status 0, as
for a stub: not done, and not wrong); "pass" when every test passed or was skipped for a reason outside the
learner's code (exit status 0).

PYTEST_DONT_REWRITE: a plugin the launcher and check() import before pytest starts; it has no assert to rewrite.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import inspect
import json
import platform
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from spec import i18n
from spec.assignment import Assignment
from spec.contract import CONTRACT, PAGES
from spec.loading import notebook
from spec.results import advice, mistakes, model, run, summary
from spec.results.context import RunContext
from spec.results.failure import Failure

SCHEMA = Path(__file__).with_name("report.schema.json")
WRITTEN_KEY = pytest.StashKey[Path]()
_EXIT_ERRORS = {
    2: "the run was interrupted",
    3: "pytest hit an internal error",
    4: "pytest was used wrongly (usage error)",
    5: "no test was selected",
}


def exit_error(exitstatus: int) -> str:
    """ "pytest exited with 4: pytest was used wrongly (usage error)": a report's message for pytest's exit code."""
    return f"pytest exited with {exitstatus}: {_EXIT_ERRORS.get(exitstatus, 'an unknown exit code')}"


def task_id(page: str) -> int | None:
    """exercism's task id: the page's place in the tutorial, 1 (quickstart) .. 8 (persistence)."""
    return list(PAGES).index(page) + 1 if page in PAGES else None


def _test_code(function: Any) -> str | None:
    if function is None:
        return None
    try:
        return textwrap.dedent(inspect.getsource(function))[:4000]
    except (OSError, TypeError):
        return None


def _message(test: model.TestResult, context: RunContext) -> str | None:
    if test.status == "pass":
        return None
    if test.failure is not None:  # a check's failure, from its fields: the terminal's words
        return test.failure.render(context.lang, values=context.assignment.feedback.values)
    if test.crash is not None and test.crash[2].startswith("Failed: "):
        return test.crash[2].removeprefix("Failed: ")  # pytest.fail's own message
    text = test.message
    if len(text) <= 4000:
        return text
    lines = text.splitlines()  # keep the headline and whole lines of the end, never half a line
    tail: list[str] = []
    while lines[1:] and sum(map(len, tail)) + len(lines[-1]) < 3000:
        tail.insert(0, lines.pop())
    return "\n".join([lines[0][:900], "...", *tail])


def test_entry(test: model.TestResult, context: RunContext) -> dict[str, Any]:
    """One test in exercism v3 form, with the spec's fields added. Where the assignment hides values, the
    failure's actual and expected are left out of its fields too."""
    lang = context.lang
    failure = test.failure if test.status in ("fail", "error") else None
    section = PAGES[test.page][0] if test.page in PAGES else None
    return {
        "name": test.name,
        "test_id": test.nodeid,
        "status": test.status,
        "message": _message(test, context),
        "output": test.output or None,
        "test_code": _test_code(test.function),
        "task_id": task_id(test.page),
        "page": test.page,
        "section": section,
        "tutorial": i18n.tutorial(test.page, lang) if section else None,
        "checks_implementation": test.checks_impl,
        "meta": test.meta,
        "concepts": list(test.concepts),
        "not_implemented": test.not_implemented,
        "reproduce": (failure.reproduce or None) if failure is not None else None,
        "failure": _failure_dict(failure, context) if failure is not None else None,
        "duration": round(test.duration, 6),
        "advice": test.advice,
    }


def _failure_dict(failure: Failure, context: RunContext) -> dict[str, str]:
    """The failure's fields; its actual and expected blank where the assignment hides values."""
    data = failure.to_dict()
    if not context.assignment.feedback.values:
        data["expected"] = ""
        if not failure.where:  # an error the learner's code raised is theirs to read; a value it gave is not
            data["actual"] = ""
    return data


def _concepts(tests: list[model.TestResult], lang: str, names: Sequence[str] = tuple(CONTRACT)) -> list[dict[str, Any]]:
    stats = model.concept_stats(tests)
    return [
        {
            "name": name,
            "page": concept.page,
            "section": concept.section,
            "tutorial": i18n.tutorial(concept.page, lang),
            "status": stats[name].status,
            "passed": stats[name].passed,
            "failed": stats[name].failed,
            "not_implemented": stats[name].not_implemented,
            "not_judged": stats[name].not_judged,
            "judged_by": stats[name].judged_by,
            "tests": [t.nodeid for t in stats[name].tests],
        }
        for name, concept in CONTRACT.items()
        if name in names
    ]


def _pages(tests: list[model.TestResult], concepts: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    counts = model.page_counts(tests)
    pages = []
    listed = {c["page"] for c in concepts}  # every page, or an assignment's
    for page, (section, _title) in PAGES.items():
        if page not in listed:
            continue
        row = counts.get(page, dict.fromkeys(model.STATUSES, 0))
        own = [c for c in concepts if c["page"] == page]
        pages.append(
            {
                "page": page,
                "section": section,
                "title": i18n.page_title(page, lang),
                "task_id": task_id(page),
                "passed": row["pass"],
                "failed": row["fail"] + row["error"],
                "not_implemented": row["not_implemented"],
                "skipped": row["skip"],
                "concepts_total": len(own),
                "concepts_checked": sum(c["status"] != "not_run" for c in own),
                "concepts_done": sum(c["status"] == "pass" for c in own),
            }
        )
    return pages


def _assignment(chosen: Assignment, concepts: list[dict[str, Any]]) -> dict[str, Any]:
    """The assignment the run graded, with each concept's points earned (all of a concept's points when it passes)."""
    earned = chosen.score({c["name"]: c["status"] for c in concepts})
    return {**chosen.to_dict(), "earned": earned, "score": sum(earned.values())}


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _environment() -> dict[str, Any]:
    import torch

    cuda = torch.cuda.is_available()
    return {
        "torch_version": torch.__version__,
        "device": torch.cuda.get_device_name(0) if cuda else "cpu",
        "environment": {
            # from its metadata: importing torchvision costs ~1.5 s (torch._dynamo) where no test needed it
            "torchvision_version": _version("torchvision"),
            "python_version": platform.python_version(),
            "pytest_version": pytest.__version__,
            "cuda_build": torch.version.cuda,
            "cuda_available": cuda,
            "threads": torch.get_num_threads(),
            "platform": platform.platform(),
        },
    }


def build(
    config: pytest.Config, recorded: model.Results | None, *, exitstatus: int | None, error: str | None = None
) -> dict[str, Any]:
    """The report of a run as a JSON-ready dict (see the module docstring and the schema)."""
    return build_from(
        recorded.ran() if recorded is not None else [],
        RunContext.of(config),
        exitstatus=exitstatus,
        error=error,
        collect_errors=recorded.collect_errors if recorded is not None else (),
        left_out=left_out(config),
        markexpr=config.getoption("markexpr", "") or "",
        args=[str(a) for a in config.invocation_params.args],
        started=recorded.started if recorded is not None else None,
        finished=recorded.finished if recorded is not None else None,
    )


def left_out(config: pytest.Config) -> list[str]:
    """The notebook cells left out of this run's implementation (they do not parse, or raised when loaded)."""
    path = run.impl_file(config)
    return [b.text(RunContext.of(config).lang) for b in notebook.broken_of(path)] if path else []


def build_from(
    tests: list[model.TestResult],
    context: RunContext | None = None,
    *,
    exitstatus: int | None,
    error: str | None = None,
    collect_errors: Sequence[str] = (),
    left_out: Sequence[str] = (),
    markexpr: str = "",
    args: Sequence[str] = (),
    started: float | None = None,
    finished: float | None = None,
    reason: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The report from the tests that ran, without a pytest config (spec/teacher/grade.py builds it in the parent
    from the outcomes its children streamed). `reason`: the engine's reason for an error, as data
    ({"kind": "timed_out", "test": node id}), written as the report's `reason` when given. `left_out`: the notebook
    cells left out, as the summary names them.
    """
    context = context or RunContext()
    lang = context.lang
    entries = [test_entry(t, context) for t in tests]
    for entry, test in zip(entries, tests):  # a named mistake needs the learner's file: the context's
        found = mistakes.recognise(test, context.impl_file)
        entry["mistake"] = found.to_dict(lang) if found is not None else None
    chosen = context.assignment
    concepts = _concepts(tests, lang, chosen.concepts)  # an assignment's report names only what it assigned
    if error is None and collect_errors:
        error = "\n".join(collect_errors)
    if error is None and exitstatus in _EXIT_ERRORS:
        error = exit_error(exitstatus)
    if error is not None:
        status = "error"
    elif any(e["status"] in ("fail", "error") for e in entries):
        status = "fail"
    elif any(e["status"] == "not_implemented" for e in entries):
        status = "not_implemented"
    else:
        status = "pass"
    step = advice.next_step(tests, context) if tests else None
    lines = summary.render(tests, context)
    return {
        "version": 3,
        "status": status,
        "message": error,
        **({"reason": reason} if reason is not None else {}),
        "tests": entries,
        "concepts": concepts,
        "pages": _pages(tests, concepts, lang),
        "facts": {k: v for k, v in model.fact_counts(tests).items() if k != "not_implemented"},
        "meta": {k: v for k, v in model.fact_counts(tests, meta=True).items() if k != "not_implemented"},
        "next": None
        if step is None
        else {
            "kind": step.kind,
            "concept": step.concept,
            "page": step.page or None,
            "command": step.command or None,
            "text": step.text,
        },
        "advice": model.advice(tests),
        **({"assignment": _assignment(chosen, concepts)} if chosen.selects else {}),
        "left_out": list(left_out),
        "summary": lines[:1] + list(left_out) + lines[1:],  # after "implementation under test: ..."
        "implementation": {"target": context.impl_arg, "path": context.impl_file},
        **_environment(),
        "lang": lang,
        "markexpr": markexpr,
        "args": list(args),
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "duration": round(finished - started, 3) if started is not None and finished is not None else 0.0,
    }


def write(config: pytest.Config, report: dict[str, Any]) -> Path:
    """Writes `report` to the --report path (relative to where pytest was started)."""
    path = Path(config.invocation_params.dir, config.getoption("spec_report"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    config.stash[WRITTEN_KEY] = path
    return path


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if config.getoption("spec_report", None):
        write(config, build(config, run.results(config), exitstatus=int(exitstatus)))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    path = config.stash.get(WRITTEN_KEY, None)
    if path is not None:
        terminalreporter.write_line(i18n.t("report_written", RunContext.of(config).lang, path=path))


def pytest_unconfigure(config: pytest.Config) -> None:
    """The implementation did not import (spec/plugin/hooks.py raised a usage error): an "error" report."""
    spec_state = config.stash.get(run.STATE_KEY, None)
    if (
        config.getoption("spec_report", None)
        and WRITTEN_KEY not in config.stash
        and spec_state is not None
        and spec_state.import_error is not None
    ):
        try:
            write(config, build(config, None, exitstatus=4, error=spec_state.import_error))
        except OSError as exc:  # the usage error is already on the screen; say why there is no file
            print(f"--spec-report: could not write {config.getoption('spec_report')}: {exc}", file=sys.stderr)
