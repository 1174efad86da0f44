"""A class's results as a teacher reads them: class.csv, index.html, and Gradescope / exercism exports.

Pure functions over report dicts: one `--report` results.json per submission (spec/results/report.schema.json),
keyed by the submission's name (its file stem). `python -m spec grade` writes their output into `--out`.
A report may be `status: error` (it did not import, it timed out, ...) with a `message` and few or no
tests; the tests it finished still count, one by one.

What one concept of one submission is, in the CSV and on the page (`concept_state`):
  pass / fail / not implemented: the report's own verdict on the concept;
  error: the run ended in an error before it judged the concept;
  not run: the run did not select the concept's tests.
Submissions are untrusted: everything from a report is escaped on the page, and a CSV cell that a
spreadsheet would read as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import html
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec.contract import CONTRACT, PAGES

Report = dict[str, Any]

STATES = ("pass", "fail", "not implemented", "error", "not run")
_STATE_OF = {"pass": "pass", "fail": "fail", "not_implemented": "not implemented", "not_run": "not run"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV injection
_REPRODUCE = re.compile(r"^\s*(?:reproduce|复现): ")  # the line spec/helpers/checks.py ends a message with


def concept_columns(reports: Mapping[str, Report]) -> list[str]:
    """The concepts at least one submission's run judged, in tutorial order (every concept the
    reports list when none did), so a class graded on one page gets that page's columns."""
    listed = [c["name"] for r in reports.values() for c in r.get("concepts", [])]
    judged = {c["name"] for r in reports.values() for c in r.get("concepts", []) if c.get("status") != "not_run"}
    order = [name for name in CONTRACT if name in listed] + [n for n in dict.fromkeys(listed) if n not in CONTRACT]
    return [name for name in order if name in judged] or order or list(CONTRACT)


def concept_state(report: Report, name: str) -> str:
    """One of STATES for concept `name` in `report` (see the module docstring)."""
    status = next((c.get("status") for c in report.get("concepts", []) if c["name"] == name), "not_run")
    if status == "not_run" and report.get("status") == "error":
        return "error"
    return _STATE_OF.get(status, "error")


def run_counts(report: Report) -> dict[str, int]:
    """passed / failed (fail or error) / not_implemented / skipped over the tests of the learner's code."""
    own = [t for t in report.get("tests", []) if t.get("checks_implementation")]
    return {
        "passed": sum(t["status"] == "pass" for t in own),
        "failed": sum(t["status"] in ("fail", "error") for t in own),
        "not_implemented": sum(t["status"] == "not_implemented" for t in own),
        "skipped": sum(t["status"] == "skip" for t in own),
    }


def first_failure(report: Report) -> dict[str, Any] | None:
    """The failing test a learner should read first: the first one of the report's next concept to fix
    (the order `spec check` prints), else the first failing test of the learner's code, else any."""
    bad = [t for t in report.get("tests", []) if t.get("status") in ("fail", "error")]
    step = report.get("next") or {}
    concept = step.get("concept") if step.get("kind") == "fail" else None
    return (
        next((t for t in bad if concept in t.get("concepts", ())), None)
        or next((t for t in bad if t.get("checks_implementation")), None)
        or next(iter(bad), None)
    )


# ---------------------------------------------------------------------------------------- class.csv


def _csv_text(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_class_csv(reports: Mapping[str, Report], path: str | Path) -> None:
    """class.csv: one row per submission (sorted by name): its state per concept, then totals, status
    and message. UTF-8 with a byte-order mark, so that spreadsheets read Chinese messages right."""
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
            ]
        )
        for name in sorted(reports):
            report = reports[name]
            states = [concept_state(report, c) for c in columns]
            counts = run_counts(report)
            out.writerow(
                [
                    _csv_text(name),
                    *states,
                    counts["passed"],
                    counts["failed"],
                    counts["not_implemented"],
                    counts["skipped"],
                    states.count("pass"),
                    sum(s in ("pass", "fail", "not implemented") for s in states),
                    report.get("status", "error"),
                    _csv_text(report.get("message")),
                ]
            )


# --------------------------------------------------------------------------------------- index.html

_COLORS = {"pass": "#2e7d32", "fail": "#c62828", "not implemented": "#9e9e9e", "error": "#ef6c00", "not run": "#e8e8e8"}
_MARKS = {"pass": "✓", "fail": "✗", "not implemented": "○", "error": "!", "not run": "·"}
_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .5em}
.muted{color:#666}.legend span{margin-right:1.2em;white-space:nowrap}
.swatch{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-right:.3em;border:1px solid #0002}
table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:2px 6px;text-align:center}
th.concept{vertical-align:bottom;padding:4px 2px}th.concept span{writing-mode:vertical-rl;transform:rotate(180deg)}
td.name,th.name{text-align:left;position:sticky;left:0;background:#fff}.scroll{overflow-x:auto}
td.st-pass{background:#e8f5e9;color:#2e7d32}td.st-fail{background:#ffebee;color:#c62828;font-weight:bold}
td.st-not-implemented{color:#777}td.st-error{background:#fff3e0;color:#ef6c00;font-weight:bold}
td.st-not-run{color:#bbb}
.badge{border-radius:3px;padding:0 .4em;color:#fff}.b-pass{background:#2e7d32}.b-fail{background:#c62828}
.b-error{background:#ef6c00}
article{border-top:1px solid #ddd;padding:.4em 0}article h3{font-size:1em;margin:.3em 0}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;margin:.3em 0}
pre.error{background:#fff3e0}code{background:#f6f6f6;padding:0 .2em}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _slug(state: str) -> str:
    return state.replace(" ", "-")


def _chart(reports: Mapping[str, Report], columns: list[str]) -> str:
    """A horizontal stacked bar per concept: the share of the class in each state, pass first."""
    n = max(len(reports), 1)
    label_w, bar_w, row_h = 190, 420, 20
    rows: list[str] = []
    y, page = 0, None
    for name in columns:
        concept_page = CONTRACT[name].page if name in CONTRACT else "other"
        if concept_page != page:  # a heading row per tutorial page
            page = concept_page
            section, title = PAGES.get(page, ("", page))
            y += 6
            rows.append(f'<text x="0" y="{y + 14}" font-weight="bold">{_e(section)} {_e(title)}</text>')
            y += row_h
        states = [concept_state(r, name) for r in reports.values()]
        x = label_w
        rows.append(
            f'<g class="bar" data-concept="{_e(name)}">'
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end">{_e(name)}</text>'
        )
        for state in STATES:
            k = states.count(state)
            if k:
                w = bar_w * k / n
                rows.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 4}" '
                    f'fill="{_COLORS[state]}"><title>{_e(name)}: {k} of {n} {_e(state)}</title></rect>'
                )
                x += w
        passed = states.count("pass")
        rows.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 14}">{passed}/{n} pass ({100 * passed / n:.0f}%)</text></g>'
        )
        y += row_h
    width, height = label_w + bar_w + 130, y + 6
    return (
        f'<svg id="pass-rates" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="pass rate per concept" '
        f'font-family="system-ui,sans-serif" font-size="13">{"".join(rows)}</svg>'
    )


def _legend() -> str:
    return (
        '<p class="legend">'
        + "".join(
            f'<span><i class="swatch" style="background:{_COLORS[s]}"></i>{_MARKS[s]} {_e(s)}</span>' for s in STATES
        )
        + "</p>"
    )


def _class_table(reports: Mapping[str, Report], columns: list[str], ids: dict[str, str]) -> str:
    head = "".join(f'<th class="concept" title="{_e(c)}"><span>{_e(c)}</span></th>' for c in columns)
    rows = []
    for name in sorted(reports):
        report = reports[name]
        status = report.get("status", "error")
        states = [concept_state(report, c) for c in columns]
        counts = run_counts(report)
        cells = "".join(
            f'<td class="st-{_slug(s)}" title="{_e(c)}: {_e(s)}">{_MARKS[s]}</td>' for c, s in zip(columns, states)
        )
        rows.append(
            f'<tr data-status="{_e(status)}"><td class="name"><a href="#{ids[name]}">{_e(name)}</a></td>'
            f'<td><span class="badge b-{_e(status)}">{_e(status)}</span></td>'
            f"<td>{states.count('pass')}/{len(columns)}</td><td>{counts['passed']}</td><td>{counts['failed']}</td>"
            f"<td>{counts['not_implemented']}</td>{cells}</tr>"
        )
    return (
        '<div class="scroll"><table id="class-table"><thead><tr><th class="name">submission</th><th>status</th>'
        "<th>concepts done</th><th>tests passed</th><th>failed</th><th>not impl.</th>"
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _details(name: str, report: Report, anchor: str) -> str:
    """One submission: the error's reason, else its first failure with the line that reproduces it,
    else what to do next."""
    status = report.get("status", "error")
    parts = [f'<article id="{anchor}"><h3>{_e(name)} <span class="badge b-{_e(status)}">{_e(status)}</span></h3>']
    if status == "error":
        parts.append(f'<p>The run ended in an error:</p><pre class="error">{_e(report.get("message"))}</pre>')
    test = first_failure(report)
    step = report.get("next") or {}
    if test is not None:
        # A check's message ends with its reproduce line, shown apart; what follows it is pytest's.
        lines = (test.get("message") or "").splitlines()
        cut = next((i for i, line in enumerate(lines) if _REPRODUCE.match(line)), len(lines))
        shown = "\n".join(lines[: min(cut, 12)]) + ("\n..." if cut > 12 else "")
        parts.append(
            f'<p>First failure: <code class="test">{_e(test.get("name"))}</code> '
            f'<span class="muted">({_e(", ".join(test.get("concepts", [])))}; {_e(test.get("tutorial"))})'
            "</span></p>"
        )
        if shown and test.get("message") != report.get("message"):  # a timeout's reason is already above
            parts.append(f"<pre>{_e(shown)}</pre>")
        if test.get("reproduce"):
            parts.append(f'<p>reproduce: <code class="reproduce">{_e(test["reproduce"])}</code></p>')
    elif step.get("kind") == "not_implemented":
        parts.append(f"<p>Next: implement <code>{_e(step.get('concept'))}</code>.</p>")
    elif status != "error":
        parts.append("<p>Every concept this run checked passes.</p>")
    if step.get("command") and step.get("kind") in ("fail", "not_implemented"):
        parts.append(f'<p>run: <code class="command">{_e(step["command"])}</code></p>')
    return "".join(parts) + "</article>"


def index_html(reports: Mapping[str, Report]) -> str:
    """The class page: pass rate per concept (inline SVG), the class table, each submission's first
    failure or error. Self-contained: no script, no external resource (its CSP forbids both)."""
    columns = concept_columns(reports)
    ids = {name: f"s{i}" for i, name in enumerate(sorted(reports), 1)}  # never the untrusted name in an id
    statuses = [r.get("status", "error") for r in reports.values()]
    seen = {
        key: sorted({str(r.get(key)) for r in reports.values() if r.get(key)})
        for key in ("torch_version", "markexpr", "created")
    }
    created = seen["created"][-1] if seen["created"] else "-"
    return "".join(
        [
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            '<meta name="viewport" content="width=device-width,initial-scale=1">',
            f"<title>Class results: {len(reports)} submissions</title><style>{_CSS}</style></head><body>",
            f"<h1>Class results</h1><p>{len(reports)} submissions: {statuses.count('pass')} pass, "
            f"{statuses.count('fail')} fail, {statuses.count('error')} error.</p>",
            f'<p class="muted">pytest -m {_e(" | ".join(seen["markexpr"]) or "-")}; torch '
            f"{_e(', '.join(seen['torch_version']) or '-')}; last report {_e(created)}</p>",
            '<h2 id="chart">Pass rate per concept</h2>',
            _legend(),
            _chart(reports, columns),
            '<h2 id="class">Class</h2>',
            _class_table(reports, columns, ids),
            '<h2 id="failures">First failure of each submission</h2>',
            *(_details(name, reports[name], ids[name]) for name in sorted(reports)),
            "</body></html>\n",
        ]
    )


def write_index_html(reports: Mapping[str, Report], path: str | Path) -> None:
    """Writes `index_html(reports)` to `path` (UTF-8)."""
    Path(path).write_text(index_html(reports), encoding="utf-8")


# ----------------------------------------------------------------------------------------- exports

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
    """One point for each concept this run judged (pass, fail or not implemented)."""
    judged = {c["name"] for c in report.get("concepts", []) if c.get("status") != "not_run"}
    return Weights({name: 1.0 for name in CONTRACT if name in judged})


def _concept_output(report: Report, name: str, state: str) -> str:
    concept = next((c for c in report.get("concepts", []) if c["name"] == name), {})
    if state == "pass":
        return f"all {concept.get('passed', 0)} test(s) of {name} pass"
    if state == "not implemented":
        return f"{name} is not implemented yet"
    if state == "fail":
        test = next(
            (
                t
                for t in report.get("tests", [])
                if t.get("status") in ("fail", "error") and name in t.get("concepts", ())
            ),
            None,
        )
        first = "" if test is None else f"; the first: {test['name']}\n{test.get('message') or ''}"
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


_EXERCISM_OUTPUT_LIMIT = 500  # exercism: "The output must be limited to 500 chars"


def exercism_results(report: Report) -> dict[str, Any]:
    """exercism's results.json v3 for one submission.

    Per test, exercism allows only pass / fail / error: a not-implemented test is "fail" (the task is
    not done) and keeps the missing name in the extension field "not_implemented"; a skipped test
    (skipped for a reason outside the learner's code, e.g. a gpu test without CUDA) is neither, so it
    leaves "tests" for the top-level extension field "skipped" ([{name, test_id, message}]). The
    top-level extension "concepts_not_implemented" lists the concepts not implemented, in tutorial
    order; every test also keeps its pytest node id in "test_id".

    Top-level status, as exercism's interface defines it: "error" only when no test ran correctly
    (every listed test errored, or none is listed: the file does not import), with the reason as
    message; else "fail" when a listed test is not "pass", else "pass". A run that ended in an error
    after some tests finished (a timeout) is therefore "fail": the reason goes into the top-level
    extension "run_error", and into a last test "the run ended in an error" (status error) unless
    a listed test already carries it, since exercism shows a student the tests and not the extensions.
    """
    tests, skipped = [], []
    for t in report.get("tests", []):
        if t.get("status") == "skip":
            skipped.append({"name": t["name"], "test_id": t.get("test_id"), "message": t.get("message")})
            continue
        output = t.get("output")
        if output and len(output) > _EXERCISM_OUTPUT_LIMIT:
            note = "\n[output truncated to 500 characters]"
            output = output[: _EXERCISM_OUTPUT_LIMIT - len(note)] + note
        entry: dict[str, Any] = {
            "name": t["name"],
            "status": t["status"] if t.get("status") in ("pass", "fail", "error") else "fail",
            "message": t.get("message") if t.get("status") != "pass" else None,
            "output": output,
            "test_id": t.get("test_id"),
        }
        if t.get("test_code"):  # exercism: a string when present
            entry["test_code"] = t["test_code"]
        if isinstance(t.get("task_id"), int):
            entry["task_id"] = t["task_id"]
        if t.get("status") == "not_implemented":
            entry["not_implemented"] = t.get("not_implemented")
        tests.append(entry)
    run_error = None
    if report.get("status") == "error":
        run_error = report.get("message") or "the run could not check the implementation"
    if run_error is not None and all(t["status"] == "error" for t in tests):
        status = "error"
    else:
        if run_error is not None and not any(t.get("message") == run_error for t in tests):
            tests.append(
                {
                    "name": "the run ended in an error",
                    "status": "error",
                    "message": run_error,
                    "output": None,
                    "test_id": None,
                }
            )
        status = "fail" if any(t["status"] != "pass" for t in tests) else "pass"
    result: dict[str, Any] = {
        "version": 3,
        "status": status,
        "message": run_error if status == "error" else None,
        "tests": tests,
    }
    if run_error is not None and status != "error":
        result["run_error"] = run_error
    missing = {c["name"] for c in report.get("concepts", []) if c.get("status") == "not_implemented"}
    return {**result, "concepts_not_implemented": [name for name in CONTRACT if name in missing], "skipped": skipped}
