"""A submission's points: its assignment's (spec grade --assignment), else one point per concept its run judged.

A concept earns all of its points when it passes, else none (spec/assignment.py `Assignment.score`): its tests pin
down facets of one behaviour, and their number depends on parametrization. class.csv, index.html, Gradescope and
the LMS files (lms.py) all total them here.
"""

from __future__ import annotations

from spec.teacher.gradebook.reports import Report, concept_state


def points(report: Report) -> tuple[dict[str, float], float, float]:
    """(earned per concept, score, total) of one report: its assignment's, else one point per judged concept."""
    given = report.get("assignment")
    if given:
        return dict(given["earned"]), float(given["score"]), float(given["total"])
    judged = [c["name"] for c in report.get("concepts", []) if c.get("status") != "not_run"]
    earned = {name: 1.0 if concept_state(report, name) == "pass" else 0.0 for name in judged}
    return earned, sum(earned.values()), float(len(judged))
