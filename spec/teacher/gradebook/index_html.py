"""index.html: the class page: pass rate per concept (inline SVG), the class table, each submission's first failure.

Self-contained (no script, no external resource: its CSP forbids both); everything from a report is escaped.
The marks and colours are those of the notebook table (spec/results/status.py).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

from spec.contract import CONTRACT, PAGES
from spec.results.status import COLORS, MARKS, STATES, label
from spec.teacher.gradebook.reports import (
    Report,
    concept_columns,
    concept_state,
    failure_lines,
    first_failure,
    run_counts,
)

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .5em}
.muted{color:#666}.legend span{margin-right:1.2em;white-space:nowrap}
.swatch{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-right:.3em;border:1px solid #0002}
table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:2px 6px;text-align:center}
th.concept{vertical-align:bottom;padding:4px 2px}th.concept span{writing-mode:vertical-rl;transform:rotate(180deg)}
td.name,th.name{text-align:left;position:sticky;left:0;background:#fff}.scroll{overflow-x:auto}
td.st-pass{background:#e8f5e9;color:#2e7d32}td.st-fail{background:#ffebee;color:#c62828;font-weight:bold}
td.st-not_implemented{color:#757575}td.st-error{background:#fff3e0;color:#ef6c00;font-weight:bold}
td.st-not_run{color:#bdbdbd}
.badge{border-radius:3px;padding:0 .4em;color:#fff}.b-pass{background:#2e7d32}.b-fail{background:#c62828}
.b-error{background:#ef6c00}
article{border-top:1px solid #ddd;padding:.4em 0}article h3{font-size:1em;margin:.3em 0}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;margin:.3em 0}
pre.error{background:#fff3e0}code{background:#f6f6f6;padding:0 .2em}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


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
                    f'fill="{COLORS[state]}"><title>{_e(name)}: {k} of {n} {_e(label(state))}</title></rect>'
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
            f'<span><i class="swatch" style="background:{COLORS[s]}"></i>{MARKS[s]} {_e(label(s))}</span>'
            for s in STATES
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
            f'<td class="st-{s}" title="{_e(c)}: {_e(label(s))}">{MARKS[s]}</td>' for c, s in zip(columns, states)
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
        shown = "\n".join(failure_lines(test))  # the reproduce line is the report's own field, shown apart
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
