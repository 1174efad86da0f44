"""Gradescope's results.json for one submission: a test per weighted concept, from a weights file or one point each."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec.contract import CONTRACT
from spec.teacher.gradebook.reports import Report, concept_failure, concept_state, failure_lines

VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")  # Gradescope's


@dataclass(frozen=True)
class Weights:
    """Points per concept for Gradescope, and the visibility of every concept's test there."""

    points: dict[str, float]
    visibility: str = "visible"


def load_weights(path: str | Path) -> Weights:
    """Reads a weights file, TOML (`.toml`) or JSON (`.json`), of this shape:

        visibility = "after_due_date"   # optional: hidden | after_due_date | after_published | visible
        [points]                        # concept = points; concepts not listed are not graded
        to_tensor = 2
        normalize = 1
        one_hot = 1

    or {"visibility": "...", "points": {"to_tensor": 2, ...}}. Raises ValueError naming the problem.
    """
    path = Path(path)
    if path.suffix not in (".toml", ".json"):
        raise ValueError(f"{path}: a weights file is .toml or .json")
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data = json.loads(text)
    else:
        try:
            import tomllib  # Python 3.11+
        except ModuleNotFoundError:
            raise ValueError(f"{path}: reading TOML needs Python 3.11 or later; write the weights as JSON") from None
        data = tomllib.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a weights file holds a table with 'points' and 'visibility'")
    unknown_keys = set(data) - {"points", "visibility"}
    if unknown_keys:
        raise ValueError(f"{path}: unknown key(s) {sorted(unknown_keys)}; expected 'points' and 'visibility'")
    points, visibility = data.get("points"), data.get("visibility", "visible")
    if not isinstance(points, dict) or not points:
        raise ValueError(f"{path}: 'points' must be a table of concept = points, with at least one concept")
    unknown = [name for name in points if name not in CONTRACT]
    if unknown:
        raise ValueError(f"{path}: unknown concept(s) {unknown}; the concepts are: {', '.join(CONTRACT)}")
    bad = [
        name
        for name, p in points.items()
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not math.isfinite(p) or p < 0
    ]
    if bad:
        raise ValueError(f"{path}: points must be numbers >= 0, not {[points[n] for n in bad]} for {bad}")
    if visibility not in VISIBILITIES:
        raise ValueError(f"{path}: visibility={visibility!r}, but should be one of {VISIBILITIES}")
    return Weights({name: float(points[name]) for name in CONTRACT if name in points}, visibility)


def default_weights(report: Report) -> Weights:
    """The points of the report's assignment (spec grade --assignment), else one point for each concept this run
    judged (pass, fail or not implemented)."""
    given = (report.get("assignment") or {}).get("points")
    if given:
        return Weights({name: float(p) for name, p in given.items()})
    judged = {c["name"] for c in report.get("concepts", []) if c.get("status") != "not_run"}
    return Weights({name: 1.0 for name in CONTRACT if name in judged})


def _concept_output(report: Report, name: str, state: str) -> str:
    concept = next((c for c in report.get("concepts", []) if c["name"] == name), {})
    if state == "pass":
        return f"all {concept.get('passed', 0)} test(s) of {name} pass"
    if state == "not_implemented":
        return f"{name} is not implemented yet"
    if state == "fail":
        test = concept_failure(report, name)
        first = "" if test is None else f"; the first: {test['name']}\n" + "\n".join(failure_lines(test))
        if test is not None and test.get("reproduce"):
            first += f"\nreproduce: {test['reproduce']}"
        return f"{concept.get('failed', 1)} test(s) of {name} fail{first}"
    if state == "error":
        return f"not checked: the run ended in an error: {report.get('message') or '?'}"
    return f"not checked: this run did not select the tests of {name}"


def gradescope_results(report: Report, weights: Weights | None = None) -> dict[str, Any]:
    """Gradescope's results.json for one submission: a test per weighted concept.

    A concept scores its points when its state is pass (every one of its tests that ran passed), else 0:
    no partial credit inside a concept, whose tests pin down facets of one behaviour and whose count
    depends on parametrization; credit is partial across concepts. In a run that ended in an error the
    concepts judged before the error keep their score. `weights` defaults to `default_weights(report)`;
    give a weights file for a total that does not depend on what the run reached.
    """
    weights = weights or default_weights(report)
    tests, by_page = [], {}
    for name, points in weights.points.items():
        state, concept = concept_state(report, name), CONTRACT[name]
        by_page[concept.page] = by_page.get(concept.page, 0) + 1
        tests.append(
            {
                "name": f"{name} ({concept.section} {concept.title})",
                "number": f"{concept.section}.{by_page[concept.page]}",  # 1.5.2: the page's second graded concept
                "score": points if state == "pass" else 0.0,
                "max_score": points,
                "status": "passed" if state == "pass" else "failed",
                "output": _concept_output(report, name, state),
                "tags": [concept.page, state],
                "visibility": weights.visibility,
            }
        )
    step = report.get("next") or {}
    output = (
        [f"The run ended in an error: {report.get('message') or '?'}"] if report.get("status") == "error" else []
    ) + list(step.get("text") or [])
    return {
        "score": sum(t["score"] for t in tests),
        "execution_time": round(report.get("duration") or 0),
        "output": "\n".join(output),
        "output_format": "text",  # never html or md: the text comes from the learner's run
        "test_output_format": "text",
        "test_name_format": "text",
        "tests": tests,
        "extra_data": {
            "status": report.get("status"),
            "implementation": (report.get("implementation") or {}).get("target"),
        },
    }
