"""Points, a roster, and the gradebook CSVs an LMS imports: canvas.csv and moodle.csv.

A report graded under an assignment (`spec grade --assignment`) carries its points: `report["assignment"]`,
with `points` per concept, `earned` per concept (all of a concept's points when it passes, else 0), `score` and
`total` (spec/results/report.py). Without one, each judged concept is one point.

The roster (`--roster roster.csv`) maps a submission's name (its file stem or folder) to a student:

    submission,id,name,login,email,section
    alice,10001,"Liddell, Alice",aliddell,alice@example.edu,S1

`submission` and `id` are required; the rest may be empty or absent.

The columns of each LMS, as their import documents them:
- Canvas, Grades > Import (Instructure's guide "How do I import grades in the Gradebook?", and The Ohio State
  University's "Import a CSV file to Carmen Grades"): `Student`, `ID`, `SIS User ID`, `SIS Login ID`, `Section`,
  then one column per assignment, titled with its name; a new name makes a new assignment. `ID` is Canvas's own
  user id, left empty: Canvas matches a row by SIS User ID or SIS Login ID.
- Moodle, Grades > Import > CSV file (MoodleDocs "Grade import"): any columns; at import the teacher maps one
  column to a user field ("Identify user by": ID number, email address or username) and one column to a grade
  item. The columns here are those of Moodle's own plain-text export, so that the mapping is the default one:
  `ID number`, `Email address`, `Username`, then the grade item, then a feedback column.
A submission missing from the roster keeps its name as its SIS ID and is listed, so the import says who it is.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from spec.teacher.gradebook.class_csv import csv_text
from spec.teacher.gradebook.points import points
from spec.teacher.gradebook.reports import Report

Roster = dict[str, dict[str, str]]  # submission name -> {"id", "name", "login", "email", "section"}
ROSTER_COLUMNS = ("submission", "id", "name", "login", "email", "section")


def read_roster(path: str | Path) -> Roster:
    """Reads a roster CSV (see the module docstring). Raises SystemExit naming the file, the line and the problem."""
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            rows = list(csv.DictReader(file))
            header = rows[0].keys() if rows else ()
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SystemExit(f"spec grade: --roster {path}: {exc}") from None
    missing = [c for c in ("submission", "id") if c not in header]
    if missing:
        raise SystemExit(
            f"spec grade: --roster {path}: no column {missing}; the columns are {', '.join(ROSTER_COLUMNS)}"
        )
    roster: Roster = {}
    for line, row in enumerate(rows, 2):
        name = (row.get("submission") or "").strip()
        if not name or not (row.get("id") or "").strip():
            raise SystemExit(f"spec grade: --roster {path}, line {line}: a submission and an id are required")
        if name in roster:
            raise SystemExit(f"spec grade: --roster {path}, line {line}: {name!r} is listed twice")
        roster[name] = {c: (row.get(c) or "").strip() for c in ROSTER_COLUMNS[1:]}
    return roster


def _title(reports: Mapping[str, Report]) -> str:
    """The grade item's name: the assignment's title, else its file's name, else "pytorch-basics-spec"."""
    for report in reports.values():
        given = report.get("assignment") or {}
        if given.get("title") or given.get("path"):
            return str(given.get("title") or Path(given["path"]).stem)
    return "pytorch-basics-spec"


def _student(name: str, roster: Roster | None) -> dict[str, str]:
    return (roster or {}).get(name) or {"id": name, "name": name, "login": "", "email": "", "section": ""}


def write_canvas_csv(reports: Mapping[str, Report], path: str | Path, roster: Roster | None = None) -> None:
    """canvas.csv: Canvas's gradebook import columns, one row per submission, the score in the assignment's column."""
    title = _title(reports)
    with open(path, "w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title])
        for name in sorted(reports):
            who = _student(name, roster)
            score = points(reports[name])[1]
            out.writerow([csv_text(who["name"] or name), "", csv_text(who["id"]), csv_text(who["login"]),
                          csv_text(who["section"]), _number(score)])  # fmt: skip


def write_moodle_csv(reports: Mapping[str, Report], path: str | Path, roster: Roster | None = None) -> None:
    """moodle.csv: Moodle's plain-text export columns, the score in the grade item's column, and a feedback column
    (status and the concepts not yet passing)."""
    title = _title(reports)
    with open(path, "w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(["ID number", "Email address", "Username", title, f"{title} (Feedback)"])
        for name in sorted(reports):
            who, report = _student(name, roster), reports[name]
            earned, score, total = points(report)
            missing = [c for c, p in earned.items() if not p]
            feedback = f"{report.get('status', 'error')}: {_number(score)}/{_number(total)}" + (
                f"; not yet: {', '.join(missing)}" if missing else ""
            )
            out.writerow([csv_text(who["id"]), csv_text(who["email"]), csv_text(who["login"]), _number(score),
                          csv_text(feedback)])  # fmt: skip


def _number(value: float) -> str:
    """3.0 -> "3", 2.5 -> "2.5": what a gradebook shows."""
    return f"{value:g}"
