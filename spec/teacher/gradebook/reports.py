"""What every gradebook output reads from a submission's report: its concepts' states, its counts, its first failure.

Pure functions over report dicts (spec/results/report.schema.json). A concept's state is spelt as the report
spells it (spec/results/status.py): pass, fail, not_implemented, error, not_run. A failure is read from its fields
(the report's `failure` object and `reproduce`), never from its message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spec.contract import CONTRACT
from spec.results.failure import Failure, rank_of
from spec.results.status import STATES

Report = dict[str, Any]


def concept_columns(reports: Mapping[str, Report]) -> list[str]:
    """The concepts at least one submission's run judged, in tutorial order (every concept the
    reports list when none did), so a class graded on one page gets that page's columns."""
    listed = [c["name"] for r in reports.values() for c in r.get("concepts", [])]
    judged = {c["name"] for r in reports.values() for c in r.get("concepts", []) if c.get("status") != "not_run"}
    order = [name for name in CONTRACT if name in listed] + [n for n in dict.fromkeys(listed) if n not in CONTRACT]
    return [name for name in order if name in judged] or order or list(CONTRACT)


def concept_state(report: Report, name: str) -> str:
    """One of STATES for concept `name` in `report`: the report's own verdict (pass, fail, not_implemented); error
    where the run ended in an error before it judged the concept; not_run where it did not select its tests."""
    status = next((c.get("status") for c in report.get("concepts", []) if c["name"] == name), "not_run")
    if status == "not_run" and report.get("status") == "error":
        return "error"
    return status if status in STATES else "error"


def run_counts(report: Report) -> dict[str, int]:
    """passed / failed (fail or error) / not_implemented / skipped over the tests of the learner's code."""
    own = [t for t in report.get("tests", []) if t.get("checks_implementation")]
    omitted = report.get("omitted") or {}  # a slim report's tests that did not fail, by status (spec grade)
    return {
        "passed": sum(t["status"] == "pass" for t in own) + omitted.get("pass", 0),
        "failed": sum(t["status"] in ("fail", "error") for t in own),
        "not_implemented": sum(t["status"] == "not_implemented" for t in own) + omitted.get("not_implemented", 0),
        "skipped": sum(t["status"] == "skip" for t in own) + omitted.get("skip", 0),
    }


def _first(tests: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The root cause among `tests` (a changed input before the wrong values it explains); the first of equals."""
    return min(tests, key=lambda t: rank_of(Failure.from_dict(t.get("failure")))) if tests else None


def concept_failure(report: Report, name: str) -> dict[str, Any] | None:
    """The failing test of concept `name` to read first: its root cause (see first_failure)."""
    return _first(
        [t for t in report.get("tests", []) if t.get("status") in ("fail", "error") and name in t.get("concepts", ())]
    )


def first_failure(report: Report) -> dict[str, Any] | None:
    """The failing test a learner should read first: among the report's next concept to fix, else the failing
    tests of the learner's code, else any, the root cause first (as `spec check` prints), then in run order."""
    bad = [t for t in report.get("tests", []) if t.get("status") in ("fail", "error")]
    step = report.get("next") or {}
    concept = step.get("concept") if step.get("kind") == "fail" else None
    return (
        (concept_failure(report, concept) if concept else None)
        or _first([t for t in bad if t.get("checks_implementation")])
        or _first(bad)
    )


def failure_lines(test: dict[str, Any], *, limit: int = 12, lang: str = "en") -> list[str]:
    """What a teacher reads of a failed test: a check's headline (in `lang`, from its fields) and the error it
    raised; else the first `limit` lines of the message of a raw error. The reproduce line is apart (`reproduce`)."""
    failure = Failure.from_dict(test.get("failure"))
    if failure is not None:
        return failure.lines(lang, reproduce=False)[:limit]  # the terminal's words (spec/results/failure.py)
    lines = (test.get("message") or "").splitlines()
    return lines[:limit] + (["..."] if len(lines) > limit else [])
