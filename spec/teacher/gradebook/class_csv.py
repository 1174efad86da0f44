"""class.csv: one row per submission, its state and points per concept, its totals, and its first failure.

Submissions are untrusted: a cell that a spreadsheet would read as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from spec.teacher.gradebook.points import points
from spec.teacher.gradebook.reports import (
    Report,
    concept_columns,
    concept_state,
    failure_lines,
    first_failure,
    run_counts,
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV injection


def csv_text(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_class_csv(reports: Mapping[str, Report], path: str | Path) -> None:
    """class.csv: one row per submission (sorted by name): its state per concept, then totals, status,
    message, and its first failure (the headline, from the failure's fields) with the code that reproduces it.
    UTF-8 with a byte-order mark, so that spreadsheets read Chinese messages right."""
    columns = concept_columns(reports)
    with open(path, "w", newline="", encoding="utf-8-sig") as file:
        out = csv.writer(file)
        out.writerow(
            [
                "submission",
                *columns,
                "tests_passed",
                "tests_failed",
                "tests_not_implemented",
                "tests_skipped",
                "concepts_done",
                "concepts_checked",
                "status",
                "message",
                "first_failure",
                "reproduce",
                *(f"points:{c}" for c in columns),
                "points",
                "points_possible",
            ]
        )
        for name in sorted(reports):
            report = reports[name]
            states = [concept_state(report, c) for c in columns]
            counts = run_counts(report)
            test = first_failure(report) or {}
            earned, score, total = points(report)
            out.writerow(
                [
                    csv_text(name),
                    *states,
                    counts["passed"],
                    counts["failed"],
                    counts["not_implemented"],
                    counts["skipped"],
                    states.count("pass"),
                    sum(s in ("pass", "fail", "not_implemented") for s in states),
                    report.get("status", "error"),
                    csv_text(report.get("message")),
                    csv_text(next(iter(failure_lines(test, limit=1)), "") if test else ""),
                    csv_text(test.get("reproduce")),
                    *(f"{earned.get(c, 0.0):g}" for c in columns),
                    f"{score:g}",
                    f"{total:g}",
                ]
            )
