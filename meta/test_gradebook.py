"""Meta-tests of spec/teacher/gradebook/: class.csv, index.html and the Gradescope and exercism exports.

The class is meta/gradebook/*.json: five real `--report` files of the transforms page (trimmed:
one case per parametrized test, no test code; their failed checks carry the `failure` object a run records)
and a hand-made run that timed out in a normalize test.
"""

from __future__ import annotations

import copy
import csv
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from spec.contract import CONTRACT
from spec.results import status
from spec.results.report import SCHEMA
from spec.teacher import gradebook

pytestmark = pytest.mark.meta
FIXTURES = Path(__file__).with_name("gradebook")
PAYLOAD = "<script>document.body.dataset.pwned = 1</script>"


def load_class() -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.json"))}


@pytest.fixture
def reports() -> dict[str, dict[str, Any]]:
    return load_class()


def hostile(reports: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The class plus two submissions whose names, test names, messages and reproducers are markup."""
    bad = copy.deepcopy(reports["wrong_one_hot_off_by_one"])
    test = gradebook.first_failure(bad)
    test.update(
        name=f"test_one_hot{PAYLOAD}",
        message=f"</pre>{PAYLOAD}\n  reproduce: <img src=x>",
        reproduce='<iframe src="https://example.com/">',
    )
    bad["next"]["command"] = f'pytest "{PAYLOAD}"'
    broken = copy.deepcopy(reports["broken"])
    broken["message"] = f"SyntaxError: {PAYLOAD}"
    return {**reports, '<img src=x onerror="document.body.dataset.pwned=1">': bad, f"x{PAYLOAD}": broken}


class Page(HTMLParser):
    """Tags, attributes and text of an HTML page, and the pass bar's width per concept of its chart."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.pass_width: dict[str, float] = {}
        self._concept: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "g" and "data-concept" in attributes:
            self._concept = attributes["data-concept"]
            self.pass_width[self._concept] = 0.0
        if tag == "rect" and self._concept and attributes.get("fill") == status.COLORS["pass"]:
            self.pass_width[self._concept] = float(attributes["width"] or 0)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def count(self, tag: str, **attrs: str) -> int:
        return sum(t == tag and all(a.get(k) == v for k, v in attrs.items()) for t, a in self.tags)


# ---------------------------------------------------------------------------------------- class.csv


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as file:
        return list(csv.reader(file))


def test_class_csv_has_a_row_per_submission_with_each_concepts_state_and_totals(reports, tmp_path) -> None:
    gradebook.write_class_csv(reports, tmp_path / "class.csv")
    rows = read_csv(tmp_path / "class.csv")
    assert rows[0] == [
        "submission",
        "to_tensor",
        "normalize",
        "one_hot",
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
        "points:to_tensor",
        "points:normalize",
        "points:one_hot",
        "points",
        "points_possible",
    ]
    # Without an assignment, one point per concept the run judged (with one, its points: test_assign.py).
    assert {r[0]: r[14:] for r in rows[1:]}["timed_out"] == ["1", "0", "0", "1", "2"]
    assert [r[:4] + r[8:11] for r in rows[1:]] == [
        ["broken", "error", "error", "error", "0", "0", "error"],
        ["model_answer", "pass", "pass", "pass", "3", "3", "pass"],
        ["right_one_hot_functional", "not_implemented", "not_implemented", "pass", "1", "3", "fail"],
        ["timed_out", "pass", "fail", "error", "1", "2", "error"],
        ["wrong_one_hot_off_by_one", "not_implemented", "not_implemented", "fail", "0", "3", "fail"],
        ["wrong_to_tensor_channel_last", "fail", "not_implemented", "not_implemented", "0", "3", "fail"],
    ]
    by_name = {r[0]: r for r in rows[1:]}
    own = [t for t in reports["wrong_one_hot_off_by_one"]["tests"] if t["checks_implementation"]]
    assert by_name["wrong_one_hot_off_by_one"][4:8] == [
        str(sum(t["status"] == s for t in own)) for s in ("pass", "fail", "not_implemented", "skip")
    ]
    assert by_name["timed_out"][11] == reports["timed_out"]["message"]
    assert by_name["broken"][11] == "'" + reports["broken"]["message"]  # starts with "--impl": a formula
    first = gradebook.first_failure(reports["wrong_one_hot_off_by_one"])
    assert by_name["wrong_one_hot_off_by_one"][12:14] == [first["message"].splitlines()[0], first["reproduce"]]
    assert by_name["model_answer"][12:14] == ["", ""]


def test_class_csv_defuses_spreadsheet_formulas_and_keeps_chinese(reports, tmp_path) -> None:
    evil = copy.deepcopy(reports["timed_out"])
    evil["message"] = "超时: test_normalize 运行超过 60 秒"
    gradebook.write_class_csv(
        {'=HYPERLINK("http://x")': evil, "@SUM(A1)": reports["model_answer"]}, tmp_path / "class.csv"
    )
    rows = read_csv(tmp_path / "class.csv")
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("http://x")', "'@SUM(A1)"]
    assert rows[1][11] == "超时: test_normalize 运行超过 60 秒"
    assert (tmp_path / "class.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8


def test_concept_columns_are_every_concept_when_no_run_judged_one(reports) -> None:
    assert gradebook.concept_columns({"broken": reports["broken"]}) == list(CONTRACT)
    assert gradebook.concept_columns(reports) == ["to_tensor", "normalize", "one_hot"]


def test_concept_state_not_run_is_error_only_in_a_run_that_ended_in_an_error(reports) -> None:
    assert gradebook.concept_state(reports["model_answer"], "matmul") == "not_run"
    assert gradebook.concept_state(reports["timed_out"], "one_hot") == "error"
    assert gradebook.concept_state(reports["timed_out"], "to_tensor") == "pass"  # finished before the timeout


def test_first_failure_is_in_the_next_concept_to_fix_not_the_first_in_the_file(reports) -> None:
    report = copy.deepcopy(reports["wrong_one_hot_off_by_one"])
    early = next(t for t in report["tests"] if "to_tensor" in t["concepts"])
    early.update(status="fail", message="an earlier failure")
    first = gradebook.first_failure(reports["wrong_one_hot_off_by_one"])
    assert report["tests"].index(early) < [t["name"] for t in report["tests"]].index(first["name"])
    assert gradebook.first_failure(report)["concepts"] == ["one_hot"]  # report["next"] names one_hot
    report["next"] = None  # then the learner's failing tests, the root cause first
    early["failure"] = {**first["failure"], "concept": "to_tensor", "kind": "inputs_changed"}
    assert gradebook.first_failure(report) is early
    assert gradebook.first_failure(reports["model_answer"]) is None


# --------------------------------------------------------------------------------------- index.html

ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "h3",
    "p",
    "span",
    "i",
    "a",
    "code",
    "pre",
    "article",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "svg",
    "g",
    "rect",
    "text",
    "details",  # what the class misunderstands: a concept opens onto its misconceptions
    "summary",
    "ol",
    "ul",
    "li",
    "b",
}


def test_index_html_renders_untrusted_markup_as_text(reports) -> None:
    page = Page(gradebook.index_html(hostile(reports)))
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS  # no script, img or iframe got through
    text = "".join(page.text)
    assert PAYLOAD in text and '<img src=x onerror="document.body.dataset.pwned=1">' in text
    assert '<iframe src="https://example.com/">' in text
    assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")]


def test_index_html_is_self_contained(reports) -> None:
    text = gradebook.index_html(hostile(reports))
    page = Page(text)
    links = [attrs["href"] for tag, attrs in page.tags if "href" in attrs]
    assert links and all(link.startswith("#s") for link in links)  # anchors on the page only
    assert not [attrs for _, attrs in page.tags if "src" in attrs]
    assert "url(" not in text and "@import" not in text
    assert page.count("meta", **{"http-equiv": "Content-Security-Policy"}) == 1


def test_index_html_has_the_class_table_and_a_pass_rate_bar_per_concept(reports) -> None:
    page = Page(gradebook.index_html(reports))
    assert page.count("tr", **{"data-status": "fail"}) == 3 and page.count("tr", **{"data-status": "error"}) == 2
    assert page.count("tr", **{"data-status": "pass"}) == 1
    # pass share of the class: to_tensor passes for model_answer and timed_out, normalize only for
    # model_answer, one_hot for model_answer and right_one_hot_functional; the bar is 420 px wide.
    assert page.pass_width == pytest.approx(
        {"to_tensor": 420 * 2 / 6, "normalize": 420 / 6, "one_hot": 420 * 2 / 6}, abs=0.1
    )
    text = "".join(page.text)
    assert "one_hot(10, num_classes=10)" in text  # wrong_one_hot_off_by_one's root cause (no error raised)
    assert reports["broken"]["message"] in text
    assert text.count(reports["timed_out"]["message"]) == 1  # its reason, not again as its first failure


def test_the_gradebook_takes_reproduce_and_the_headline_from_the_fields_never_from_the_message(reports) -> None:
    bad = copy.deepcopy(reports["wrong_one_hot_off_by_one"])
    test = gradebook.first_failure(bad)
    test["message"] = "anything\n  reproduce: rm -rf /"  # a message is never read back
    page = "".join(Page(gradebook.index_html({"bad": bad})).text)
    assert "rm -rf" not in page
    assert test["failure"]["call"] in page and f"reproduce: {test['reproduce']}" in page
    output = gradebook.gradescope_results(bad)["tests"][2]["output"]
    assert "rm -rf" not in output and f"reproduce: {test['reproduce']}" in output
    raw = copy.deepcopy(bad)  # raw errors (no failure object): the message as it is, and nothing to replay
    for failed in (t for t in raw["tests"] if t["status"] in ("fail", "error")):
        failed.update(failure=None, reproduce=None)
    test = gradebook.first_failure(raw)
    test.update(message="TypeError: boom\n  reproduce: rm -rf /")
    page = "".join(Page(gradebook.index_html({"raw": raw})).text)
    assert "TypeError: boom" in page and "reproduce: rm -rf /" in page  # shown as text, in the error
    assert not Page(gradebook.index_html({"raw": raw})).count("code", **{"class": "reproduce"})


def chromium() -> str | None:
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


@pytest.mark.slow  # starts a real browser: a few seconds
@pytest.mark.skipif(chromium() is None, reason="no chromium on PATH (Debian: apt-get install -y chromium)")
def test_index_html_in_a_headless_browser_shows_the_table_and_the_chart(reports, tmp_path) -> None:
    classes = hostile(reports)
    gradebook.write_index_html(classes, tmp_path / "index.html")
    proc = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            (tmp_path / "index.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = Page(proc.stdout)  # the document as the browser built it
    assert dom.count("table", id="class-table") == 1
    assert sum(tag == "tr" and "data-status" in attrs for tag, attrs in dom.tags) == len(classes)
    assert dom.count("svg", id="pass-rates") == 1 and dom.count("g", **{"class": "bar"}) == 3
    assert {tag for tag, _ in dom.tags} <= ALLOWED_TAGS
    body = next(attrs for tag, attrs in dom.tags if tag == "body")
    assert "data-pwned" not in body
    assert PAYLOAD in "".join(dom.text)


# ------------------------------------------------------------------------------------------ Gradescope

TOML = """
visibility = "after_due_date"
[points]
to_tensor = 2
normalize = 1
one_hot = 1.5
"""


@pytest.fixture
def weights(tmp_path) -> gradebook.Weights:
    (tmp_path / "w.toml").write_text(TOML)
    return gradebook.load_weights(tmp_path / "w.toml")


def test_load_weights_reads_toml_and_json_alike(weights, tmp_path) -> None:
    assert weights == gradebook.Weights({"to_tensor": 2.0, "normalize": 1.0, "one_hot": 1.5}, "after_due_date")
    (tmp_path / "w.json").write_text(
        json.dumps({"points": {"one_hot": 1.5, "to_tensor": 2, "normalize": 1}, "visibility": "after_due_date"})
    )
    assert gradebook.load_weights(tmp_path / "w.json") == weights
    (tmp_path / "v.json").write_text('{"points": {"one_hot": 1}}')
    assert gradebook.load_weights(tmp_path / "v.json").visibility == "visible"


@pytest.mark.parametrize(
    "text, error",
    [
        ('{"points": {"onehot": 1}}', "unknown concept(s) ['onehot']"),
        ('{"points": {"one_hot": -1}}', "numbers >= 0"),
        ('{"points": {"one_hot": true}}', "numbers >= 0"),
        ('{"points": {}}', "at least one concept"),
        ('{"points": {"one_hot": 1}, "visibility": "secret"}', "visibility='secret'"),
        ('{"weights": {"one_hot": 1}}', "unknown key(s) ['weights']"),
    ],
)
def test_load_weights_names_what_is_wrong(tmp_path, text: str, error: str) -> None:
    (tmp_path / "w.json").write_text(text)
    with pytest.raises(ValueError, match="w.json: .*") as info:
        gradebook.load_weights(tmp_path / "w.json")
    assert error in str(info.value)


def test_gradescope_scores_a_concept_only_when_all_its_tests_pass(reports, weights) -> None:
    scores = {name: gradebook.gradescope_results(r, weights)["score"] for name, r in reports.items()}
    assert scores == {
        "broken": 0.0,
        "model_answer": 4.5,
        "right_one_hot_functional": 1.5,
        "timed_out": 2.0,
        "wrong_one_hot_off_by_one": 0.0,
        "wrong_to_tensor_channel_last": 0.0,
    }
    result = gradebook.gradescope_results(reports["timed_out"], weights)
    assert [(t["name"], t["score"], t["max_score"], t["status"], t["visibility"]) for t in result["tests"]] == [
        ("to_tensor (1.5 Transforms)", 2.0, 2.0, "passed", "after_due_date"),
        ("normalize (1.5 Transforms)", 0.0, 1.0, "failed", "after_due_date"),
        ("one_hot (1.5 Transforms)", 0.0, 1.5, "failed", "after_due_date"),
    ]
    assert reports["timed_out"]["message"] in result["output"]  # the reason, for the student
    assert "ended in an error" in result["tests"][2]["output"]
    assert result["output_format"] == result["test_output_format"] == result["test_name_format"] == "text"


def test_gradescope_failed_concept_shows_its_first_failure(reports) -> None:
    result = gradebook.gradescope_results(reports["wrong_one_hot_off_by_one"])
    assert [t["max_score"] for t in result["tests"]] == [1.0, 1.0, 1.0]  # default: a point per judged concept
    one_hot = result["tests"][2]
    # The root cause first, as index.html and spec check show it: 10 is taken where it should be refused.
    assert "the first: test_one_hot_refuses_label_past_the_last_class" in one_hot["output"]
    assert "reproduce: one_hot(10, num_classes=10)" in one_hot["output"]
    assert result["tests"][0]["output"] == "to_tensor is not implemented yet"


# --------------------------------------------------------------------------------------------- exercism

# exercism's results.json v3, written from exercism/docs building/tooling/test-runners/interface.md.
# Extra keys are allowed (the interface defines none and forbids none).
EXERCISM_V3 = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "status", "tests"],
    "properties": {
        "version": {"const": 3},
        "status": {"enum": ["pass", "fail", "error"]},
        "message": {"type": ["string", "null"]},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "status"],
                "properties": {
                    "name": {"type": "string"},
                    "status": {"enum": ["pass", "fail", "error"]},
                    "message": {"type": ["string", "null"]},
                    "output": {"type": ["string", "null"], "maxLength": 500},
                    "test_code": {"type": "string"},
                    "task_id": {"type": "integer", "minimum": 1},
                },
            },
        },
    },
    "allOf": [
        # error: no test ran correctly (all errored, e.g. a syntax error); message says why
        {
            "if": {"properties": {"status": {"const": "error"}}},
            "then": {
                "required": ["message"],
                "properties": {
                    "message": {"type": "string", "minLength": 1},
                    "tests": {"items": {"properties": {"status": {"const": "error"}}}},
                },
            },
        },
        # pass: every test passed; message null or absent when the status is not error
        {
            "if": {"properties": {"status": {"const": "pass"}}},
            "then": {
                "properties": {
                    "message": {"type": "null"},
                    "tests": {"items": {"properties": {"status": {"const": "pass"}}}},
                }
            },
        },
        # fail: at least one test failed
        {
            "if": {"properties": {"status": {"const": "fail"}}},
            "then": {
                "properties": {
                    "message": {"type": "null"},
                    "tests": {"contains": {"properties": {"status": {"enum": ["fail", "error"]}}}},
                }
            },
        },
    ],
}


def with_a_skip(report: dict[str, Any]) -> dict[str, Any]:
    report = copy.deepcopy(report)
    report["tests"][3].update(status="skip", message="Skipped: CUDA is not available")
    return report


def test_exercism_statuses_are_pass_fail_error_with_the_rest_in_extension_fields(reports) -> None:
    result = gradebook.exercism_results(reports["wrong_one_hot_off_by_one"])
    assert {t["status"] for t in result["tests"]} == {"pass", "fail"} and result["status"] == "fail"
    missing = [t for t in result["tests"] if "not_implemented" in t]
    assert missing and all(t["status"] == "fail" for t in missing)
    assert {t["not_implemented"] for t in missing} == {"to_tensor", "normalize"}
    assert result["concepts_not_implemented"] == ["to_tensor", "normalize"]
    assert [t["name"] for t in result["tests"]] == [t["name"] for t in reports["wrong_one_hot_off_by_one"]["tests"]]

    skipped = gradebook.exercism_results(with_a_skip(reports["model_answer"]))
    assert skipped["status"] == "pass" and len(skipped["tests"]) == len(reports["model_answer"]["tests"]) - 1
    assert skipped["skipped"] == [
        {
            "name": reports["model_answer"]["tests"][3]["name"],
            "test_id": reports["model_answer"]["tests"][3]["test_id"],
            "message": "Skipped: CUDA is not available",
        }
    ]


def test_exercism_error_only_when_no_test_ran_else_fail_with_the_reason_kept(reports) -> None:
    broken = gradebook.exercism_results(reports["broken"])
    assert (broken["status"], broken["message"], broken["tests"]) == ("error", reports["broken"]["message"], [])
    reason = reports["timed_out"]["message"]
    result = gradebook.exercism_results(reports["timed_out"])  # its killed test is listed, as an error
    assert (result["status"], result["message"], result["run_error"]) == ("fail", None, reason)
    assert [t["name"] for t in result["tests"]] == [t["name"] for t in reports["timed_out"]["tests"]]
    assert result["tests"][-1]["status"] == "error" and result["tests"][-1]["message"] == reason
    unlisted = copy.deepcopy(reports["timed_out"])
    del unlisted["tests"][-1]  # a grader that did not record the test it killed
    result = gradebook.exercism_results(unlisted)
    assert result["status"] == "fail" and len(result["tests"]) == len(reports["timed_out"]["tests"])
    assert result["tests"][-1] == {
        "name": "the run ended in an error",
        "status": "error",
        "message": reason,
        "output": None,
        "test_id": None,
    }


@pytest.mark.slow  # importing jsonschema takes half a second
def test_exercism_results_are_valid_v3(reports) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(EXERCISM_V3)
    validator.check_schema(EXERCISM_V3)
    for report in [*reports.values(), with_a_skip(reports["model_answer"])]:
        errors = [e.message for e in validator.iter_errors(gradebook.exercism_results(report))]
        assert not errors, errors[:5]
    # the schema is not vacuous: the report itself (not_implemented statuses) is not valid v3
    assert list(validator.iter_errors(reports["wrong_one_hot_off_by_one"]))


@pytest.mark.slow  # importing jsonschema takes half a second
def test_gradebook_fixtures_are_valid_reports() -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    for name, report in load_class().items():
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(report)]
        assert not errors, (name, errors[:5])


# ---------------------------------------------------------------------------------------- points, roster, LMS files


def with_assignment(report: dict[str, Any], points: dict[str, float]) -> dict[str, Any]:
    """The report as `spec grade --assignment` writes it: the assignment's points and what each concept earned."""
    report = copy.deepcopy(report)
    earned = {n: p if gradebook.concept_state(report, n) == "pass" else 0.0 for n, p in points.items()}
    report["assignment"] = {"title": "HW 1.5", "path": "hw.toml", "concepts": list(points), "points": points,
                            "total": sum(points.values()), "tier": "quick", "earned": earned,
                            "score": sum(earned.values())}  # fmt: skip
    return report


def test_points_come_from_the_assignment_else_one_per_judged_concept(reports) -> None:
    points = {"to_tensor": 2.0, "normalize": 2.0, "one_hot": 1.0}
    graded = with_assignment(reports["timed_out"], points)
    assert gradebook.points(graded) == ({"to_tensor": 2.0, "normalize": 0.0, "one_hot": 0.0}, 2.0, 5.0)
    assert gradebook.points(reports["timed_out"]) == ({"to_tensor": 1.0, "normalize": 0.0}, 1.0, 2.0)
    results = gradebook.gradescope_results(graded)
    assert [(t["name"].split()[0], t["score"], t["max_score"]) for t in results["tests"]] == [
        ("to_tensor", 2.0, 2.0),
        ("normalize", 0.0, 2.0),
        ("one_hot", 0.0, 1.0),
    ]


def test_canvas_and_moodle_files_have_their_import_columns_and_the_roster_ids(reports, tmp_path) -> None:
    points = {"to_tensor": 2.0, "normalize": 2.0, "one_hot": 1.0}
    graded = {name: with_assignment(r, points) for name, r in reports.items()}
    (tmp_path / "roster.csv").write_text(
        'submission,id,name,login,email,section\nmodel_answer,20001,"Lovelace, Ada",alove,ada@x.edu,S1\n'
    )
    roster = gradebook.read_roster(tmp_path / "roster.csv")
    gradebook.write_canvas_csv(graded, tmp_path / "canvas.csv", roster)
    gradebook.write_moodle_csv(graded, tmp_path / "moodle.csv", roster)
    canvas = {r[2]: r for r in read_csv(tmp_path / "canvas.csv")}
    assert canvas["SIS User ID"] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "HW 1.5"]
    assert canvas["20001"] == ["Lovelace, Ada", "", "20001", "alove", "S1", "5"]
    assert canvas["timed_out"][-1] == "2"  # not in the roster: its name stands for its id
    moodle = {r[0]: r for r in read_csv(tmp_path / "moodle.csv")}
    assert moodle["ID number"] == ["ID number", "Email address", "Username", "HW 1.5", "HW 1.5 (Feedback)"]
    assert moodle["20001"][:4] == ["20001", "ada@x.edu", "alove", "5"]
    assert moodle["broken"][3:] == ["0", "error: 0/5; not yet: to_tensor, normalize, one_hot"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("name,id\nalice,1\n", "no column ['submission']"),
        ("submission,id\nalice,\n", "line 2: a submission and an id are required"),
        ("submission,id\nalice,1\nalice,2\n", "line 3: 'alice' is listed twice"),
    ],
)
def test_a_malformed_roster_is_refused_naming_its_line(tmp_path, text: str, named: str) -> None:
    (tmp_path / "roster.csv").write_text(text)
    with pytest.raises(SystemExit, match=re.escape(named)):
        gradebook.read_roster(tmp_path / "roster.csv")


def test_first_failure_is_the_root_cause_and_the_page_names_the_mistake_and_the_cells_left_out(reports) -> None:
    """Among one concept's failures the root cause comes first (a changed input before wrong values), as in
    `spec check`; index.html names a recognised mistake and each notebook cell left out."""
    report = copy.deepcopy(reports["wrong_one_hot_off_by_one"])
    bad = [t for t in report["tests"] if t["status"] == "fail"]
    last = bad[-1]
    last["failure"] = {**last["failure"], "kind": "inputs_changed"}
    last["mistake"] = {"id": "x", "concept": "one_hot", "line": 3, "message": f"the label is off by one {PAYLOAD}"}
    assert gradebook.first_failure(report) is last and bad.index(last) > 0
    last["failure"] = {**last["failure"], "kind": "values"}
    assert gradebook.first_failure(report)["failure"]["kind"] == "no_error"  # before every "values"
    report["left_out"] = ["a.ipynb, cell 3, line 1: left out (SyntaxError: invalid syntax); the rest is checked"]
    last["failure"] = {**last["failure"], "kind": "inputs_changed"}
    page = gradebook.index_html({"a": report})
    assert "Recognised mistake:" in page and "the label is off by one &lt;script&gt;" in page and PAYLOAD not in page
    assert "a.ipynb, cell 3, line 1: left out (SyntaxError: invalid syntax)" in page
    assert "识别出的错误" in gradebook.index_html({"a": report}, lang="zh")
