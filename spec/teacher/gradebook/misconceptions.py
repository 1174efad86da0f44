"""What the class misunderstands: each concept's failing submissions grouped by root cause, and item analysis.

Pure functions over report dicts, like the rest of the gradebook; every field read is a failure's field
(spec/results/failure.py) or the report's own, never a message.

**One root cause per submission and concept.** One mistake fails several checks (a one_hot of length 9 fails
its shape, its values and the dataset's pipeline), so grouping every failed check would make one mistake
several misconceptions. Each submission whose concept fails gets one cause: its failing check of the concept
that explains the others best, by kind (`RANK`: a wrong type or a None, then dtype, shape and device, then the
caller's input or the state left behind, then values, then an error raised, then a timeout), in the spec's order
within a kind. A check that ran to its end and names a difference says what the mistake is; an error or a timeout
is often what follows from it (the spec tripping over an int64 result, a property test shrinking a wrong model
until the clock runs out), and is the cause only where nothing else failed (a function that hangs). The other
checks its group fails are listed with the group (`also_fails`). A check of several concepts that fails where one
of them fails a check of its own counts for that one only: a train_loop without zero_grad fails the check that
trains with train_loop and test_loop together, and that is not a test_loop misconception (the concept lists it
under `explained_by`).

**The cause's key, "whatever the values".** Two submissions share a misconception when their causes have the
same concept, the same check (the test function, without its parameters), the same situation (with its numbers
blanked: a situation may name a drawn size), the same kind, and the same *detail*, the part of the difference
that is itself the mistake and not a value that the inputs decide:
  dtype, device       the actual value (torch.int64 and torch.float64 are two misconceptions);
  type, unpack        "None" (a missing return) or the type that came back, as the helpers write it
                      ("... of type list");
  raised              the exception's type, the leading name of `actual` as the helpers write it
                      ("RuntimeError: ...", "pytest.skip(...)");
  state               the state left behind, as written ("torch.is_grad_enabled()=False");
  shape               how the shapes differ, not the sizes: "2-d, not 1-d", "axes in another order",
                      "axis 0 shorter" (sizes follow drawn inputs; the kind of difference does not);
  values, value, inputs_changed, same_object, no_error, other: nothing (the values follow the inputs);
  timed_out           nothing: the check is the test it timed out in (the report's `reason` field);
  error               a raw error without a failure's fields: nothing more is known.
Not implemented is not a misconception; neither is a run that ended before it judged the concept.

**Item analysis.** Over the submissions whose run judged the concept: the share that passes, fails, did not
implement it or ended in an error; discrimination is the point-biserial correlation between passing the concept
and the share of the other judged concepts passed (None where either side does not vary).
"""

from __future__ import annotations

import ast
import csv
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec.contract import CONTRACT
from spec.results.failure import Failure
from spec.teacher.gradebook.reports import Report, concept_columns, concept_state

# Which failed check of a concept is its root cause: the lowest rank, then the spec's order.
RANK = {
    "type": 1,  # what came back is not even the promised kind of thing (None from a missing return)
    "unpack": 1,
    "dtype": 2,  # the result's own attributes: each spoils the values checked after it
    "shape": 2,
    "device": 2,
    "no_error": 3,  # a contract kept or broken on its own
    "same_object": 3,
    "inputs_changed": 3,
    "state": 3,
    "values": 4,
    "value": 5,  # a number derived from a run (an accuracy after training): further from the mistake
    "other": 6,
    "raised": 7,  # often the spec tripping over a wrong result ("the spec's use of what one_hot gave")
    "timed_out": 8,  # often a check slowed down by a wrong result (a property test shrinking a wrong model)
    "error": 9,
}
UNJUDGED = ("not_run", "not_judged")  # concept states that say nothing of the concept (spec/results/status.py)
SOURCE_LINES = 25  # an example's source is trimmed to this many lines
MAX_SOURCE_BYTES = 2_000_000  # a submission's file read for its example; a bigger one gives none
FIELD_CHARS = 80  # a value quoted in a misconception's name
VERSION = 1  # of misconceptions.json


@dataclass(frozen=True, order=True)
class Cause:
    """A root cause: what two submissions must share to share a misconception (see the module docstring)."""

    concept: str
    check: str  # "spec/pages/test_transforms.py::test_one_hot_is_float32", without parameters
    kind: str  # a Failure kind, or "timed_out", "error"
    detail: str = ""
    situation: str = ""  # numbers blanked

    @property
    def id(self) -> str:
        """A stable name for --since: the fields, joined."""
        return " | ".join((self.concept, self.check, self.kind, self.detail, self.situation))

    @property
    def test(self) -> str:
        """The test function's name: "test_one_hot_is_float32"."""
        return self.check.rsplit("::", 1)[-1]


@dataclass(frozen=True)
class Evidence:
    """One submission's root cause of one concept, with the failure that showed it."""

    student: str
    cause: Cause
    failure: Failure | None
    reproduce: str
    also: tuple[str, ...]  # the other checks of the concept it fails (test names)


# -- the key ----------------------------------------------------------------------------------------------


def _check_of(test: Mapping[str, Any]) -> str:
    return str(test.get("test_id") or test.get("name") or "?").split("[", 1)[0]


def _numbers_blanked(text: str) -> str:
    return re.sub(r"\d+(?:\.\d+)?(?:e-?\d+)?", "#", text)


def _shape_detail(actual: str, expected: str) -> str:
    """How two shapes differ, whatever the sizes: "2-d, not 1-d", "axes in another order", "axis 0 shorter"."""
    try:
        got, want = ast.literal_eval(actual), ast.literal_eval(expected)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return ""
    if not (isinstance(got, tuple) and isinstance(want, tuple)):
        return ""
    if len(got) != len(want):
        return f"{len(got)}-d, not {len(want)}-d"
    if sorted(map(str, got)) == sorted(map(str, want)):
        return "axes in another order"
    return ", ".join(
        f"axis {i} {'shorter' if isinstance(g, int) and isinstance(w, int) and g < w else 'longer'}"
        for i, (g, w) in enumerate(zip(got, want))
        if g != w
    )


def _type_detail(actual: str) -> str:
    """ "None" for a None (a missing return), else the type the helpers name ("... of type list"), else ""."""
    if actual == "None" or actual.startswith("None of type"):
        return "None"
    return actual.rsplit(" of type ", 1)[1] if " of type " in actual else ""


def detail(failure: Failure) -> str:
    """The part of a failure's difference that is the mistake itself (the module docstring's table)."""
    if failure.kind in ("dtype", "device", "state"):
        return failure.actual
    if failure.kind == "type":
        return _type_detail(failure.actual)
    if failure.kind == "unpack":
        return "None" if failure.actual == "None" else ""
    if failure.kind == "raised":
        match = re.match(r"[A-Za-z_][\w.]*", failure.actual)
        return match.group(0) if match else ""
    if failure.kind == "shape":
        return _shape_detail(failure.actual, failure.expected)
    return ""


def cause_of(test: Mapping[str, Any], concept: str, *, timed_out: bool = False) -> tuple[Cause, Failure | None]:
    """The cause a failed test shows for `concept`: from its failure's fields, else a timeout or a raw error."""
    failure = Failure.from_dict(test.get("failure"))
    if timed_out:
        return Cause(concept, _check_of(test), "timed_out"), failure
    if failure is None:
        return Cause(concept, _check_of(test), "error"), None
    situation = _numbers_blanked(failure.situation)
    return Cause(concept, _check_of(test), failure.kind, detail(failure), situation), failure


def _timed_out_test(report: Report) -> str | None:
    """The node id a run timed out in, from the report's `reason` (spec grade writes it), else None."""
    reason = report.get("reason")
    if isinstance(reason, dict) and reason.get("kind") == "timed_out" and isinstance(reason.get("test"), str):
        return reason["test"]
    return None


def _test_concepts(test: Mapping[str, Any], concepts_of: Mapping[str, list[str]]) -> list[str]:
    return [c for c in (test.get("concepts") or concepts_of.get(str(test.get("test_id")), [])) if c]


def root_causes(
    student: str, report: Report, columns: list[str], concepts_of: Mapping[str, list[str]]
) -> tuple[dict[str, Evidence], dict[str, str]]:
    """(concept -> the root cause of its failure in this submission, for each concept it fails or timed out in;
    concept -> the concept that explains its failure instead).

    A check of several concepts (train_loop and test_loop training a model together) that fails where one of
    them also fails a check of its own is that concept's failure: it is not counted again for the others, which
    are "explained" by it. `concepts_of` maps a test's node id to its concepts, from the whole class: a test the
    parent killed for its timeout has no entry in its own report."""
    stalled = _timed_out_test(report)
    tests = [t for t in report.get("tests", []) if t.get("checks_implementation", True)]
    if stalled is not None and stalled not in {t.get("test_id") for t in tests}:
        tests.append({"test_id": stalled, "name": stalled.rsplit("::", 1)[-1], "status": "error", "concepts": []})
    failing = [(order, t) for order, t in enumerate(tests) if t.get("status") in ("fail", "error")]
    alone = {c for _, t in failing for c in _test_concepts(t, concepts_of) if len(_test_concepts(t, concepts_of)) == 1}
    found: dict[str, list[tuple[int, int, Cause, Failure | None, str]]] = {}
    explained: dict[str, str] = {}
    for order, test in failing:
        failure = Failure.from_dict(test.get("failure"))
        together = _test_concepts(test, concepts_of)
        names = [failure.concept] if failure is not None and failure.concept in columns else together
        timed_out = stalled is not None and test.get("test_id") == stalled
        for concept in names:
            if concept not in columns or (concept_state(report, concept) != "fail" and not timed_out):
                continue
            by = next((c for c in together if c != concept and c in alone), None)
            if by is not None and concept not in alone and not timed_out:
                explained.setdefault(concept, by)
                continue
            cause, fail = cause_of(test, concept, timed_out=timed_out)
            reproduce = str(test.get("reproduce") or (fail.reproduce if fail else "") or "")
            found.setdefault(concept, []).append((RANK.get(cause.kind, 9), order, cause, fail, reproduce))
    roots = {}
    for concept, causes in found.items():
        _, _, cause, failure, reproduce = min(causes, key=lambda c: (c[0], c[1]))
        also = tuple(dict.fromkeys(c[2].test for c in causes if c[2].check != cause.check))
        roots[concept] = Evidence(student, cause, failure, reproduce, also)
    for _, test in failing:  # a concept this submission fails only in a check whose failure is another's
        failure = Failure.from_dict(test.get("failure"))
        owner = failure.concept if failure is not None else None
        for concept in _test_concepts(test, concepts_of):
            if owner and concept != owner and concept in columns and concept_state(report, concept) == "fail":
                explained.setdefault(concept, owner)
    return roots, {c: by for c, by in explained.items() if c not in roots}


# -- names, in the teacher's language ------------------------------------------------------------------------

_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "is": "{call} is {actual}, the tutorial's is {expected}",
        "none": "{call} returns None (a missing return?), the tutorial's gives {expected}",
        "raised": "{call} raises {detail}, the tutorial's gives {expected}",
        "values": "{call} has other values than the tutorial's",
        "no_error": "{call} does not raise, the tutorial's raises {expected}",
        "same_object": "{call} returns a new object, the tutorial's {expected}",
        "inputs_changed": "{call} changes the caller's input ({actual})",
        "state": "{call} leaves {actual} behind, the tutorial's leaves {expected}",
        "other": "{call}: {actual}, the tutorial's: {expected}",
        "timed_out": "{test} does not finish in time (an endless loop, or far too slow)",
        "error": "{test} ends in an error that is not a check's",
        "situation": " (when: {situation})",
        "shape_detail": "; {detail}",
    },
    "zh": {
        "is": "{call} 是 {actual},教程的是 {expected}",
        "none": "{call} 返回 None(缺少 return?),教程的给出 {expected}",
        "raised": "{call} 抛出 {detail},教程的给出 {expected}",
        "values": "{call} 的值与教程的不同",
        "no_error": "{call} 没有抛出异常,教程的会抛出 {expected}",
        "same_object": "{call} 返回了一个新对象,教程的{expected}",
        "inputs_changed": "{call} 改变了调用者的输入({actual})",
        "state": "{call} 留下了 {actual},教程的留下 {expected}",
        "other": "{call}:{actual},教程的:{expected}",
        "timed_out": "{test} 没有在时限内结束(死循环,或慢得太多)",
        "error": "{test} 以一个不属于检查的错误结束",
        "situation": "(情形:{situation})",
        "shape_detail": ";{detail}",
    },
}
_TEMPLATE = {
    "dtype": "is",
    "device": "is",
    "shape": "is",
    "type": "is",
    "unpack": "is",
    "value": "is",
    "values": "values",
    "raised": "raised",
    "no_error": "no_error",
    "same_object": "same_object",
    "inputs_changed": "inputs_changed",
    "state": "state",
    "other": "other",
}


def _clip(text: str, chars: int = FIELD_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 3] + "..."


_SHAPE_ZH = (
    (r"(\d+)-d, not (\d+)-d", r"\1 维,而不是 \2 维"),
    (r"axes in another order", "各轴顺序不同"),
    (r"axis (\d+) shorter", r"第 \1 轴更短"),
    (r"axis (\d+) longer", r"第 \1 轴更长"),
    (r", ", "、"),
)


def _shape_words(detail: str, lang: str) -> str:
    """A shape detail (written in English, as it is keyed) in `lang`."""
    if lang == "zh":
        for pattern, words in _SHAPE_ZH:
            detail = re.sub(pattern, words, detail)
    return detail


def name(cause: Cause, failure: Failure | None, lang: str = "en") -> str:
    """The misconception in words, built from the fields of one failure of the group (its example)."""
    words = _NAMES.get(lang, _NAMES["en"])
    if failure is None or cause.kind in ("timed_out", "error"):
        return words["timed_out" if cause.kind == "timed_out" else "error"].format(test=cause.test)
    key = _TEMPLATE.get(cause.kind, "other")
    if cause.kind in ("type", "unpack") and cause.detail == "None":
        key = "none"
    text = words[key].format(
        call=_clip(failure.call),
        actual=_clip(failure.text("actual", lang)),
        expected=_clip(failure.text("expected", lang)),
        detail=cause.detail,
    )
    if cause.kind == "shape" and cause.detail:
        text += words["shape_detail"].format(detail=_shape_words(cause.detail, lang))
    if failure.situation:
        text += words["situation"].format(situation=_clip(failure.text("situation", lang), 2 * FIELD_CHARS))
    return text


# -- the example's source ---------------------------------------------------------------------------------------


def concept_source(path: str | Path | None, concept: str, *, max_lines: int = SOURCE_LINES) -> str | None:
    """The source of the top-level def, class or assignment named `concept` in the file at `path` (the last one,
    as Python keeps it), trimmed to `max_lines`; None when there is none. Read as text and parsed with `ast`:
    never run."""
    if not path:
        return None
    try:
        file = Path(path)
        if not file.is_file() or file.stat().st_size > MAX_SOURCE_BYTES:
            return None
        text = file.read_text(encoding="utf-8", errors="replace")
        tree = ast.parse(text)
    except (OSError, SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    node = None
    for item in tree.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and item.name == concept:
            node = item
        elif isinstance(item, (ast.Assign, ast.AnnAssign)):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            if any(isinstance(t, ast.Name) and t.id == concept for t in targets):
                node = item
    if node is None or node.end_lineno is None:
        return None
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    lines = text.splitlines()[first - 1 : node.end_lineno]
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + ["    ..."]
    return "\n".join(lines)


def _source_path(report: Report) -> str | None:
    implementation = report.get("implementation")
    path = implementation.get("path") if isinstance(implementation, dict) else None
    return path if isinstance(path, str) else None


# -- item analysis -----------------------------------------------------------------------------------------------


def point_biserial(xs: list[bool], ys: list[float]) -> float | None:
    """Pearson's r between a pass (1/0) and a score: the point-biserial correlation; None where either is constant
    or there are fewer than two pairs."""
    n = len(xs)
    if n < 2 or len(ys) != n:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    r = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / math.sqrt(sxx * syy)
    return round(max(-1.0, min(1.0, r)), 4)


def item_analysis(states: Mapping[str, Mapping[str, str]], columns: list[str]) -> dict[str, dict[str, Any]]:
    """concept -> n judged, counts and rates of pass / fail / not_implemented / error, and discrimination.

    `states` is student -> concept -> state (reports.concept_state). Judged: every state but not_run and not_judged
    (another concept failed first in each of its tests)."""
    analysis = {}
    for concept in columns:
        judged = {s: row[concept] for s, row in states.items() if row.get(concept, "not_run") not in UNJUDGED}
        n = len(judged)
        counts = Counter(judged.values())
        xs: list[bool] = []
        ys: list[float] = []
        for student, state in judged.items():
            others = [states[student][c] for c in columns if c != concept and states[student][c] not in UNJUDGED]
            if others:
                xs.append(state == "pass")
                ys.append(sum(o == "pass" for o in others) / len(others))
        analysis[concept] = {
            "judged": n,
            **{k: counts.get(k, 0) for k in ("pass", "fail", "not_implemented", "error")},
            **{
                f"{k}_rate": round(counts.get(k, 0) / n, 4) if n else None
                for k in ("pass", "fail", "not_implemented", "error")
            },
            "discrimination": point_biserial(xs, ys),
        }
    return analysis


# -- the analysis --------------------------------------------------------------------------------------------------


def analyze(
    reports: Mapping[str, Report], *, lang: str = "en", sources: Mapping[str, str | Path | None] | None = None
) -> dict[str, Any]:
    """misconceptions.json's content: per concept (ranked by failure rate), its item analysis and its
    misconceptions (largest first), plus each student's state per concept (for --since).

    `sources` maps a student to the file its examples are read from; by default the report's implementation path.
    """
    columns = concept_columns(reports) if reports else []
    states = {s: {c: concept_state(r, c) for c in columns} for s, r in sorted(reports.items())}
    concepts_of: dict[str, list[str]] = {}
    for report in reports.values():
        for test in report.get("tests", []):
            if test.get("concepts"):
                concepts_of.setdefault(str(test.get("test_id")), list(test["concepts"]))
    for report in reports.values():  # a slim report (spec grade) lists its passing tests only under their concepts
        listed: dict[str, list[str]] = {}
        for concept in report.get("concepts", []):
            for test_id in concept.get("tests", []):
                listed.setdefault(str(test_id), []).append(concept["name"])
        for test_id, names in listed.items():
            concepts_of.setdefault(test_id, names)
    groups: dict[Cause, list[Evidence]] = {}
    explained: dict[str, Counter[str]] = {c: Counter() for c in columns}
    for student in sorted(reports):
        roots, elsewhere = root_causes(student, reports[student], columns, concepts_of)
        for evidence in roots.values():
            groups.setdefault(evidence.cause, []).append(evidence)
        for concept, by in elsewhere.items():
            explained[concept][by] += 1
    items = item_analysis(states, columns)
    source_of = dict(sources) if sources is not None else {s: _source_path(r) for s, r in reports.items()}
    out_concepts = []
    for concept in columns:
        found = []
        for cause, members in groups.items():
            if cause.concept != concept:
                continue
            example = min(members, key=lambda e: (len(e.failure.call) if e.failure else 0, e.student))
            shortest = None
            for member in members:
                text = concept_source(source_of.get(member.student), concept)
                if text is not None and (shortest is None or (text.count("\n"), len(text)) < shortest[1]):
                    shortest = (member.student, (text.count("\n"), len(text)), text)
            also = Counter(name for member in members for name in member.also)
            found.append(
                {
                    "id": cause.id,
                    "name": name(cause, example.failure, lang),
                    "names": {lg: name(cause, example.failure, lg) for lg in _NAMES},
                    "check": cause.check,
                    "test": cause.test,
                    "kind": cause.kind,
                    "detail": cause.detail,
                    "situation": cause.situation,
                    "count": len(members),
                    "students": [m.student for m in members],
                    "reproduce": example.reproduce,
                    "example": {"student": shortest[0], "source": shortest[2]} if shortest else None,
                    "also_fails": [{"test": t, "count": k} for t, k in also.most_common()],
                }
            )
        found.sort(key=lambda m: (-m["count"], m["id"]))
        section = CONTRACT[concept].section if concept in CONTRACT else ""
        out_concepts.append(
            {
                "concept": concept,
                "section": section,
                **items[concept],
                "misconceptions": found,
                # failing submissions whose only failures here are checks shared with a concept they fail alone
                "explained_by": dict(explained[concept].most_common()),
            }
        )
    out_concepts.sort(key=lambda c: (-(c["fail_rate"] or 0), -(c["error_rate"] or 0), columns.index(c["concept"])))
    return {"version": VERSION, "lang": lang, "students": len(reports), "concepts": out_concepts, "states": states}


# -- files ---------------------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV injection, as class.csv


def _csv_text(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_misconceptions_csv(analysis: Mapping[str, Any], path: str | Path) -> None:
    """misconceptions.csv: a row per misconception: concept, misconception (in the analysis' language), count,
    students ("; "), reproduce line, then the check and kind. UTF-8 with a byte-order mark, as class.csv."""
    with open(path, "w", newline="", encoding="utf-8-sig") as file:
        out = csv.writer(file)
        out.writerow(["concept", "misconception", "count", "students", "reproduce", "check", "kind"])
        for concept in analysis["concepts"]:
            for m in concept["misconceptions"]:
                out.writerow(
                    [
                        _csv_text(concept["concept"]),
                        _csv_text(m["name"]),
                        m["count"],
                        _csv_text("; ".join(m["students"])),
                        _csv_text(m["reproduce"]),
                        _csv_text(m["test"]),
                        m["kind"],
                    ]
                )


def write_misconceptions_json(analysis: Mapping[str, Any], path: str | Path) -> None:
    """misconceptions.json: `analyze`'s dict, as it is."""
    Path(path).write_text(json.dumps(analysis, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# -- what changed since an earlier grading ---------------------------------------------------------------------


def read_analysis(folder: str | Path) -> dict[str, Any]:
    """The misconceptions.json an earlier `spec grade` wrote in `folder`; SystemExit naming what is wrong."""
    path = Path(folder) / "misconceptions.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"spec grade --since: cannot read {path} ({exc}); grade into that folder first") from exc
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("concepts"), list):
        raise SystemExit(f"spec grade --since: {path} is not a misconceptions.json of version {VERSION}")
    return data


def changes(old: Mapping[str, Any], new: Mapping[str, Any], *, since: str = "") -> dict[str, Any]:
    """What changed from the analysis `old` to `new`: concepts whose pass rate moved (largest move first),
    misconceptions that grew or shrank (by their id; new ones from 0, gone ones to 0), and each student who now
    passes a concept they did not pass before (a student absent before counts from nothing)."""
    old_rates = {c["concept"]: c.get("pass_rate") for c in old.get("concepts", [])}
    pass_rates = []
    for c in new["concepts"]:
        before, after = old_rates.get(c["concept"]), c.get("pass_rate")
        if before is not None and after is not None and before != after:
            pass_rates.append({"concept": c["concept"], "old": before, "new": after, "delta": round(after - before, 4)})
    pass_rates.sort(key=lambda r: (-abs(r["delta"]), r["concept"]))

    def by_id(analysis: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
        return {m["id"]: m for c in analysis.get("concepts", []) for m in c.get("misconceptions", [])}

    before_m, after_m = by_id(old), by_id(new)
    moved = []
    for key in sorted(set(before_m) | set(after_m)):
        m = after_m.get(key) or before_m[key]
        was, now = before_m.get(key, {}).get("count", 0), after_m.get(key, {}).get("count", 0)
        if was != now:
            moved.append(
                {
                    "id": key,
                    "concept": key.split(" | ", 1)[0],
                    "name": m["name"],
                    "names": m.get("names", {}),
                    "old": was,
                    "new": now,
                }
            )
    moved.sort(key=lambda m: (-abs(m["new"] - m["old"]), m["id"]))
    old_states = old.get("states", {})
    newly = []
    for student, row in sorted(new.get("states", {}).items()):
        before = old_states.get(student, {})
        passed = [c for c, state in row.items() if state == "pass" and before.get(c) != "pass"]
        if passed:
            newly.append({"student": student, "concepts": passed})
    return {
        "since": since,
        "since_created": old.get("created"),
        "pass_rates": pass_rates,
        "misconceptions": moved,
        "newly_passing": newly,
    }
