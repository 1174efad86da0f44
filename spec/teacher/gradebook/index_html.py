"""index.html: the class page: pass rate per concept (inline SVG), what the class misunderstands (concepts ranked by
failure rate, each a <details> onto its misconceptions, misconceptions.py), what changed since an earlier grading,
the class table, each submission's first failure. In English or Chinese (`lang`).

Self-contained (no script, no external resource: its CSP forbids both); everything from a report is escaped.
The marks and colours are those of the notebook table (spec/results/status.py).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spec import i18n
from spec.contract import CONTRACT, PAGES
from spec.results.status import COLORS, MARKS, STATES, label
from spec.teacher.gradebook.misconceptions import analyze
from spec.teacher.gradebook.points import points
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
td.st-not_run{color:#bdbdbd}td.st-not_judged{color:#6d4c41}
.badge{border-radius:3px;padding:0 .4em;color:#fff}.b-pass{background:#2e7d32}.b-fail{background:#c62828}
.b-error{background:#ef6c00}.b-not_implemented{background:#757575}
article{border-top:1px solid #ddd;padding:.4em 0}article h3{font-size:1em;margin:.3em 0}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;margin:.3em 0}
pre.error{background:#fff3e0}code{background:#f6f6f6;padding:0 .2em}
details.concept{border-top:1px solid #ddd;padding:.3em 0}details.concept summary{cursor:pointer}
ol.misconceptions{margin:.3em 0 .6em}li.misconception{margin:.4em 0}li.misconception p{margin:.15em 0}
b.count{color:#c62828}pre.source{background:#f3f6fb}
"""


# The page's own words; what comes from a report (names, calls, values, code) is shown as it is.
WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Class results: {n} submissions", "zh": "班级结果:{n} 份提交"},
    "h1": {"en": "Class results", "zh": "班级结果"},
    "counts": {
        "en": "{n} submissions: {passed} pass, {failed} fail, {not_implemented} not implemented, {error} error.",
        "zh": "{n} 份提交:通过 {passed},失败 {failed},未实现 {not_implemented},出错 {error}。",
    },
    "run": {
        "en": "pytest -m {markexpr}; torch {torch}; last report {created}",
        "zh": "pytest -m {markexpr};torch {torch};最新报告 {created}",
    },
    "chart": {"en": "Pass rate per concept", "zh": "各概念通过率"},
    "chart_pass": {"en": "{k}/{n} pass ({pct:.0f}%)", "zh": "{k}/{n} 通过({pct:.0f}%)"},
    "chart_label": {"en": "pass rate per concept", "zh": "各概念通过率"},
    "misconceptions": {"en": "What the class misunderstands", "zh": "全班的误解"},
    "misconceptions_intro": {
        "en": "Concepts ranked by failure rate. Each failing submission counts once per concept, under the check "
        "that names its mistake (a wrong dtype, not the values it spoils); open a concept for its misconceptions.",
        "zh": "按失败率排序的概念。每份失败的提交在每个概念中只计一次,归入指出其错误的那个检查(是错误的 dtype,"
        "而不是由它带坏的数值);展开概念可查看其误解。",
    },
    "concept_line": {
        "en": "{fail_pct:.0f}% fail ({fail} of {judged}); {passed} pass, {ni} not implemented, {error} error; "
        "discrimination {disc}",
        "zh": "失败 {fail_pct:.0f}%({fail}/{judged});通过 {passed},未实现 {ni},出错 {error};区分度 {disc}",
    },
    "n_misconceptions": {"en": "{n} misconception(s)", "zh": "{n} 个误解"},
    "no_misconception": {
        "en": "No misconception: no submission fails it.",
        "zh": "没有误解:没有提交在此失败。",
    },
    "explained_by": {
        "en": "Failing only in checks shared with a concept that fails on its own: {by}.",
        "zh": "仅在与另一个自身失败的概念共享的检查中失败:{by}。",
    },
    "students": {"en": "{n} student(s)", "zh": "{n} 名学生"},
    "reproduce": {"en": "reproduce", "zh": "复现"},
    "mistake": {"en": "Recognised mistake:", "zh": "识别出的错误:"},
    "example": {"en": "the shortest of these, {student}'s:", "zh": "其中最短的一份,{student} 的:"},
    "also": {"en": "they also fail: {tests}", "zh": "他们也未通过:{tests}"},
    "check": {"en": "check", "zh": "检查"},
    "changes": {"en": "Since the earlier grading", "zh": "自上次评分以来"},
    "changes_of": {"en": "compared with {path} ({created})", "zh": "与 {path}({created})相比"},
    "moved": {"en": "Pass rates that moved", "zh": "通过率的变化"},
    "moved_row": {"en": "{concept}: {old:.0f}% -> {new:.0f}%", "zh": "{concept}:{old:.0f}% -> {new:.0f}%"},
    "grew": {"en": "Misconceptions that grew or shrank", "zh": "增加或减少的误解"},
    "grew_row": {"en": "{old} -> {new}: {name}", "zh": "{old} -> {new}:{name}"},
    "newly": {"en": "Students newly passing", "zh": "新通过的学生"},
    "newly_row": {"en": "{student}: {concepts}", "zh": "{student}:{concepts}"},
    "nothing": {"en": "nothing", "zh": "无"},
    "class": {"en": "Class", "zh": "全班"},
    "col_submission": {"en": "submission", "zh": "提交"},
    "col_status": {"en": "status", "zh": "状态"},
    "col_points": {"en": "points", "zh": "得分"},
    "failures": {"en": "First failure of each submission", "zh": "每份提交的第一个失败"},
    "error_run": {"en": "The run ended in an error:", "zh": "运行以错误结束:"},
    "first_failure": {"en": "First failure:", "zh": "第一个失败:"},
    "next_implement": {"en": "Next: implement", "zh": "下一步:实现"},
    "all_pass": {"en": "Every concept this run checked passes.", "zh": "本次运行检查的所有概念都已通过。"},
    "run_cmd": {"en": "run:", "zh": "运行:"},
}


def w(key: str, lang: str, **values: object) -> str:
    """The page's word `key` in `lang` (English when there is none), filled with `values`."""
    return i18n.t(key, lang, WORDS, **values)


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _chart(reports: Mapping[str, Report], columns: list[str], lang: str) -> str:
    """A horizontal stacked bar per concept: the share of the class in each state, pass first."""
    n = max(len(reports), 1)
    label_w, bar_w, row_h = 190, 420, 20
    rows: list[str] = []
    y, page = 0, None
    for name in columns:
        concept_page = CONTRACT[name].page if name in CONTRACT else "other"
        if concept_page != page:  # a heading row per tutorial page
            page = concept_page
            section = PAGES.get(page, ("", page))[0]
            y += 6
            rows.append(
                f'<text x="0" y="{y + 14}" font-weight="bold">{_e(section)} {_e(i18n.page_title(page, lang))}</text>'
            )
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
                width = bar_w * k / n
                rows.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{width:.1f}" height="{row_h - 4}" '
                    f'fill="{COLORS[state]}"><title>{_e(name)}: {k} / {n} {_e(label(state, lang))}</title></rect>'
                )
                x += width
        passed = states.count("pass")
        rows.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 14}">'
            f"{_e(w('chart_pass', lang, k=passed, n=n, pct=100 * passed / n))}</text></g>"
        )
        y += row_h
    width, height = label_w + bar_w + 130, y + 6
    return (
        f'<svg id="pass-rates" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(w("chart_label", lang))}" '
        f'font-family="system-ui,sans-serif" font-size="13">{"".join(rows)}</svg>'
    )


def _legend(lang: str) -> str:
    return (
        '<p class="legend">'
        + "".join(
            f'<span><i class="swatch" style="background:{COLORS[s]}"></i>{MARKS[s]} {_e(label(s, lang))}</span>'
            for s in STATES
        )
        + "</p>"
    )


def _students(names: list[str], ids: dict[str, str]) -> str:
    """Each student, linked to their first failure on this page."""
    return ", ".join(f'<a href="#{ids[n]}">{_e(n)}</a>' if n in ids else _e(n) for n in names)


def _misconception(m: dict[str, Any], ids: dict[str, str], lang: str) -> str:
    parts = [
        f'<li class="misconception" data-kind="{_e(m["kind"])}" data-count="{int(m["count"])}">',
        f'<p><b class="count">{int(m["count"])}</b> &times; <span class="name">{_e(m["names"].get(lang, m["name"]))}'
        f'</span> <span class="muted">({_e(w("check", lang))} <code>{_e(m["test"])}</code>)</span></p>',
        f'<p class="students">{_e(w("students", lang, n=m["count"]))}: {_students(m["students"], ids)}</p>',
    ]
    if m.get("reproduce"):
        parts.append(f'<p>{_e(w("reproduce", lang))}: <code class="repro">{_e(m["reproduce"])}</code></p>')
    example = m.get("example")
    if example:
        parts.append(
            f'<p class="muted">{_e(w("example", lang, student=example["student"]))}</p>'
            f'<pre class="source">{_e(example["source"])}</pre>'
        )
    if m.get("also_fails"):
        tests = ", ".join(f"{a['test']} ({a['count']})" for a in m["also_fails"])
        parts.append(f'<p class="muted">{_e(w("also", lang, tests=tests))}</p>')
    return "".join(parts) + "</li>"


def _misconceptions(analysis: dict[str, Any], ids: dict[str, str], lang: str) -> str:
    """The concepts ranked by failure rate, each a <details> onto its misconceptions (largest first)."""
    items = []
    for c in analysis["concepts"]:
        judged = c["judged"]
        if not judged:
            continue
        disc = "-" if c["discrimination"] is None else f"{c['discrimination']:.2f}"
        line = w(
            "concept_line",
            lang,
            fail_pct=100 * (c["fail_rate"] or 0),
            fail=c["fail"],
            judged=judged,
            passed=c["pass"],
            ni=c["not_implemented"],
            error=c["error"],
            disc=disc,
        )
        found = c["misconceptions"]
        body = (
            '<ol class="misconceptions">' + "".join(_misconception(m, ids, lang) for m in found) + "</ol>"
            if found
            else f"<p>{_e(w('no_misconception', lang))}</p>"
            if not c.get("explained_by")
            else ""
        )
        if c.get("explained_by"):
            by = ", ".join(f"{concept} ({n})" for concept, n in c["explained_by"].items())
            body += f'<p class="explained">{_e(w("explained_by", lang, by=by))}</p>'
        count = f" &middot; {_e(w('n_misconceptions', lang, n=len(found)))}" if found else ""
        items.append(
            f'<details class="concept" data-concept="{_e(c["concept"])}"{" open" if found and not items else ""}>'
            f'<summary><b>{_e(c["concept"])}</b> <span class="muted">{_e(c["section"])}</span>: '
            f"{_e(line)}{count}</summary>{body}</details>"
        )
    return f'<p class="muted">{_e(w("misconceptions_intro", lang))}</p>' + "".join(items)


def _changes(changes: dict[str, Any], lang: str) -> str:
    """What changed since an earlier grading (misconceptions.changes)."""
    nothing = f'<p class="muted">{_e(w("nothing", lang))}</p>'

    def block(title: str, rows: list[str]) -> str:
        listed = "<ul>" + "".join(f"<li>{_e(r)}</li>" for r in rows) + "</ul>" if rows else nothing
        return f"<h3>{_e(title)}</h3>{listed}"

    moved = [
        w("moved_row", lang, concept=c["concept"], old=100 * (c["old"] or 0), new=100 * (c["new"] or 0))
        for c in changes["pass_rates"]
    ]
    grew = [
        w("grew_row", lang, old=m["old"], new=m["new"], name=m["names"].get(lang, m["name"]))
        for m in changes["misconceptions"]
    ]
    newly = [
        w("newly_row", lang, student=s["student"], concepts=", ".join(s["concepts"])) for s in changes["newly_passing"]
    ]
    since = w("changes_of", lang, path=changes["since"], created=changes["since_created"] or "-")
    return (
        f'<div id="changes"><p class="muted">{_e(since)}</p>'
        + block(w("moved", lang), moved)
        + block(w("grew", lang), grew)
        + block(w("newly", lang), newly)
        + "</div>"
    )


def _class_table(reports: Mapping[str, Report], columns: list[str], ids: dict[str, str], lang: str) -> str:
    worth = {c: p for r in reports.values() for c, p in ((r.get("assignment") or {}).get("points") or {}).items()}
    head = "".join(
        f'<th class="concept" title="{_e(c)}"><span>{_e(c)}{f" ({worth[c]:g})" if c in worth else ""}</span></th>'
        for c in columns
    )
    rows = []
    for name in sorted(reports):
        report = reports[name]
        status = report.get("status", "error")
        states = [concept_state(report, c) for c in columns]
        counts = run_counts(report)
        earned, score, total = points(report)
        cells = "".join(
            f'<td class="st-{s}" title="{_e(c)}: {_e(label(s, lang))}, {earned.get(c, 0):g}">{MARKS[s]}</td>'
            for c, s in zip(columns, states)
        )
        rows.append(
            f'<tr data-status="{_e(status)}"><td class="name"><a href="#{ids[name]}">{_e(name)}</a></td>'
            f'<td><span class="badge b-{_e(status)}">{_e(status)}</span></td>'
            f'<td class="points">{score:g}/{total:g}</td>'
            f"<td>{states.count('pass')}/{len(columns)}</td><td>{counts['passed']}</td><td>{counts['failed']}</td>"
            f"<td>{counts['not_implemented']}</td>{cells}</tr>"
        )
    heads = [w("col_submission", lang), w("col_status", lang), w("col_points", lang)] + [
        i18n.t(k, lang) for k in ("col_concepts", "col_passed", "col_failed", "col_not_impl")
    ]
    return (
        f'<div class="scroll"><table id="class-table"><thead><tr><th class="name">{_e(heads[0])}</th>'
        + "".join(f"<th>{_e(h)}</th>" for h in heads[1:])
        + f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _details(name: str, report: Report, anchor: str, lang: str) -> str:
    """One submission: the error's reason, else its first failure with the line that reproduces it,
    else what to do next."""
    status = report.get("status", "error")
    parts = [f'<article id="{anchor}"><h3>{_e(name)} <span class="badge b-{_e(status)}">{_e(status)}</span></h3>']
    if status == "error":
        parts.append(f'<p>{_e(w("error_run", lang))}</p><pre class="error">{_e(report.get("message"))}</pre>')
    parts += [f'<p class="left-out">{_e(line)}</p>' for line in report.get("left_out", [])]  # a notebook's cells
    test = first_failure(report)
    step = report.get("next") or {}
    if test is not None:
        shown = "\n".join(failure_lines(test, lang=lang))  # the reproduce line is the report's own field, apart
        parts.append(
            f'<p>{_e(w("first_failure", lang))} <code class="test">{_e(test.get("name"))}</code> '
            f'<span class="muted">({_e(", ".join(test.get("concepts", [])))}; {_e(test.get("tutorial"))})'
            "</span></p>"
        )
        if shown and test.get("message") != report.get("message"):  # a timeout's reason is already above
            parts.append(f"<pre>{_e(shown)}</pre>")
        if test.get("reproduce"):
            parts.append(f'<p>{_e(w("reproduce", lang))}: <code class="reproduce">{_e(test["reproduce"])}</code></p>')
        mistake = test.get("mistake") or {}
        if mistake.get("message"):  # spec/results/mistakes.py: the mistake named, with its fix
            parts.append(f'<p>{_e(w("mistake", lang))} <span class="mistake">{_e(mistake["message"])}</span></p>')
    elif step.get("kind") == "not_implemented":
        parts.append(f"<p>{_e(w('next_implement', lang))} <code>{_e(step.get('concept'))}</code>.</p>")
    elif status != "error":
        parts.append(f"<p>{_e(w('all_pass', lang))}</p>")
    if step.get("command") and step.get("kind") in ("fail", "not_implemented"):
        parts.append(f'<p>{_e(w("run_cmd", lang))} <code class="command">{_e(step["command"])}</code></p>')
    return "".join(parts) + "</article>"


def index_html(
    reports: Mapping[str, Report],
    *,
    lang: str = "en",
    analysis: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> str:
    """The class page: pass rate per concept (inline SVG), what the class misunderstands (`analysis`, from
    misconceptions.analyze; computed here when not given), what changed (`changes`, when given), the class table
    and each submission's first failure or error, in `lang`. Self-contained: no script, no external resource."""
    columns = concept_columns(reports)
    ids = {name: f"s{i}" for i, name in enumerate(sorted(reports), 1)}  # never the untrusted name in an id
    analysis = analysis if analysis is not None else analyze(reports, lang=lang)
    statuses = [r.get("status", "error") for r in reports.values()]
    seen = {
        key: sorted({str(r.get(key)) for r in reports.values() if r.get(key)})
        for key in ("torch_version", "markexpr", "created")
    }
    created = seen["created"][-1] if seen["created"] else "-"
    run = w(
        "run",
        lang,
        markexpr=" | ".join(seen["markexpr"]) or "-",
        torch=", ".join(seen["torch_version"]) or "-",
        created=created,
    )
    counts = w(
        "counts",
        lang,
        n=len(reports),
        passed=statuses.count("pass"),
        failed=statuses.count("fail"),
        not_implemented=statuses.count("not_implemented"),
        error=statuses.count("error"),
    )
    return "".join(
        [
            f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            '<meta name="viewport" content="width=device-width,initial-scale=1">',
            f"<title>{_e(w('title', lang, n=len(reports)))}</title><style>{_CSS}</style></head><body>",
            f"<h1>{_e(w('h1', lang))}</h1><p>{_e(counts)}</p>",
            f'<p class="muted">{_e(run)}</p>',
            f'<h2 id="chart">{_e(w("chart", lang))}</h2>',
            _legend(lang),
            _chart(reports, columns, lang),
            f'<h2 id="misconceptions">{_e(w("misconceptions", lang))}</h2>',
            _misconceptions(analysis, ids, lang),
            *([f'<h2 id="since">{_e(w("changes", lang))}</h2>', _changes(changes, lang)] if changes else []),
            f'<h2 id="class">{_e(w("class", lang))}</h2>',
            _class_table(reports, columns, ids, lang),
            f'<h2 id="failures">{_e(w("failures", lang))}</h2>',
            *(_details(name, reports[name], ids[name], lang) for name in sorted(reports)),
            "</body></html>\n",
        ]
    )


def write_index_html(
    reports: Mapping[str, Report],
    path: str | Path,
    *,
    lang: str = "en",
    analysis: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """Writes `index_html(reports, ...)` to `path` (UTF-8)."""
    Path(path).write_text(index_html(reports, lang=lang, analysis=analysis, changes=changes), encoding="utf-8")
