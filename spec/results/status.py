"""A concept's status, spelt once: its name in every output, its words in each language, its mark and colour.

The report's own spelling (`concepts[].status`, spec/results/report.schema.json), plus "error" for a concept a
grader's run ended before judging. "not_judged": every test that used the concept failed first in another one
(`to_tensor` in a test where `one_hot` raised), which is neither pass nor fail. The notebook table
(spec/learner/check_live.py) and the gradebook (spec/teacher/gradebook/) show the same marks in the same colours.
"""

from __future__ import annotations

from collections.abc import Sequence

from spec import i18n

STATES = ("pass", "fail", "not_implemented", "not_judged", "error", "not_run")  # a legend's order
MARKS = {"pass": "✓", "fail": "✗", "not_implemented": "○", "not_judged": "?", "error": "!", "not_run": "·"}
COLORS = {
    "pass": "#2e7d32",
    "fail": "#c62828",
    "not_implemented": "#757575",
    "not_judged": "#6d4c41",  # neither pass nor fail: another concept failed first in each test of it
    "error": "#ef6c00",
    "not_run": "#bdbdbd",
}


def label(state: str, lang: str = "en", judged_by: Sequence[str] = ()) -> str:
    """The state in words: "passes", "not implemented" / "通过", "未实现"; a concept not judged says which
    concepts failed first: "not judged: one_hot failed first"."""
    if state == "not_judged" and judged_by:
        return i18n.t("not_judged_by", lang, names=", ".join(judged_by))
    return i18n.t(f"status_{state}", lang)
