"""Meta-tests of spec/teacher/gradebook/misconceptions.py: what the class misunderstands, and its item analysis.

Quick tier: the grouping, the names, the item analysis, --since and the files, on hand-made report dicts (only the
fields the analysis reads). Slow tier: a class with planted mistakes (meta/planted.py), each in two or three styles,
graded by `python -m spec grade`: each planted mistake forms exactly one misconception and no misconception mixes
two (purity), the CSV and JSON, --since, and the page in a real headless browser in English and Chinese.
"""

from __future__ import annotations

import csv
import json
import shutil
import statistics
import subprocess
from pathlib import Path
from typing import Any

import pytest

from meta.planted import MISTAKES, build_class, purity
from meta.proc import run_spec
from meta.test_gradebook import ALLOWED_TAGS, Page, chromium
from spec.teacher import gradebook
from spec.teacher.gradebook import misconceptions as mc

pytestmark = pytest.mark.meta

PAGE = "spec/pages/test_transforms.py"


def failure(concept: str, call: str, actual: str, expected: str, kind: str, situation: str = "") -> dict[str, str]:
    return {
        "concept": concept,
        "call": call,
        "actual": actual,
        "expected": expected,
        "kind": kind,
        "situation": situation,
        "reproduce": call,
        "raised": "",
        "section": "1.5",
    }


def case(name: str, concepts: list[str], status: str = "pass", fail: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "test_id": f"{PAGE}::{name}",
        "status": status,
        "concepts": concepts,
        "checks_implementation": True,
        "failure": fail,
        "reproduce": fail["reproduce"] if fail else None,
        "message": None if status == "pass" else "a message is never read",
    }


def report(tests: list[dict[str, Any]], *, error: dict[str, Any] | None = None, path: str | None = None) -> dict:
    """A report with the fields the analysis reads: each concept's state follows its tests, as the report's does."""
    states: dict[str, str] = {}
    for t in tests:
        for c in t["concepts"]:
            worst = {"pass": 0, "not_implemented": 1, "fail": 2, "error": 2}
            if worst[t["status"]] >= worst.get(states.get(c, "pass"), 0):
                states[c] = "fail" if t["status"] == "error" else t["status"]
    bad = any(s != "pass" for s in states.values())
    return {
        "status": "error" if error else "fail" if bad else "pass",
        "message": "timed out" if error else None,
        "reason": error,
        "tests": tests,
        "concepts": [{"name": c, "status": s} for c, s in states.items()],
        "implementation": {"target": path or "", "path": path},
    }


def dtype_fail(actual: str, label: int = 3) -> dict[str, Any]:
    return case(
        "test_one_hot_is_float32",
        ["one_hot"],
        "fail",
        failure("one_hot", f"one_hot({label}).dtype", actual, "torch.float32", "dtype"),
    )


def values_fail(actual: str, label: int = 3) -> dict[str, Any]:
    return case(
        "test_one_hot_has_single_one_at_label",
        ["one_hot"],
        "fail",
        failure("one_hot", f"one_hot({label})", actual, f"tensor of {label}", "values", f"label {label}"),
    )


def groups(reports: dict[str, dict]) -> dict[str, list[list[str]]]:
    """concept -> the students of each misconception."""
    analysis = mc.analyze(reports, sources={})
    return {c["concept"]: [m["students"] for m in c["misconceptions"]] for c in analysis["concepts"]}


# ------------------------------------------------------------------------------------------- the key


def test_the_same_dtype_in_other_calls_is_one_misconception_and_another_dtype_another() -> None:
    reports = {
        "ann": report([dtype_fail("torch.int64", 3)]),
        "bob": report([dtype_fail("torch.int64", 7)]),
        "cid": report([dtype_fail("torch.float64", 3)]),
        "dan": report([case("test_one_hot_is_float32", ["one_hot"])]),
    }
    assert sorted(groups(reports)["one_hot"]) == [["ann", "bob"], ["cid"]]


def test_values_group_whatever_the_values_and_numbers_in_the_situation() -> None:
    reports = {
        "ann": report([values_fail("2 of 10 elements differ", 3)]),
        "bob": report([values_fail("1 of 10 elements differ", 8)]),
    }
    assert groups(reports)["one_hot"] == [["ann", "bob"]]


def test_a_shape_is_keyed_by_how_it_differs_not_by_its_sizes() -> None:
    def shape(actual: str, expected: str) -> dict[str, Any]:
        return case(
            "test_one_hot_has_ten_classes",
            ["one_hot"],
            "fail",
            failure("one_hot", "one_hot(3).shape", actual, expected, "shape"),
        )

    reports = {
        "short9": report([shape("(9,)", "(10,)")]),
        "short4": report([shape("(4,)", "(5,)")]),
        "row": report([shape("(1, 10)", "(10,)")]),
        "swapped": report([shape("(11, 17)", "(17, 11)")]),
    }
    assert sorted(groups(reports)["one_hot"]) == [["row"], ["short4", "short9"], ["swapped"]]
    assert mc._shape_detail("(1, 10)", "(10,)") == "2-d, not 1-d"
    assert mc._shape_detail("(11, 17)", "(17, 11)") == "axes in another order"
    assert mc._shape_detail("(9,)", "(10,)") == "axis 0 shorter"
    assert mc._shape_detail("not a shape", "(10,)") == ""


@pytest.mark.parametrize(
    ("kind", "actual", "detail"),
    [
        ("type", "None of type NoneType", "None"),
        ("type", "[0.1, 0.2] of type list", "list"),
        ("unpack", "None", "None"),
        ("raised", "RuntimeError: result type Float can't be cast", "RuntimeError"),
        ("raised", "pytest.skip('no data')", "pytest.skip"),
        ("device", "cpu", "cpu"),
        ("state", "torch.is_grad_enabled()=False", "torch.is_grad_enabled()=False"),
        ("values", "3 of 10 differ", ""),
        ("value", "0.504", ""),
        ("inputs_changed", "its input is now tensor([0.])", ""),
    ],
)
def test_the_detail_is_the_difference_that_is_the_mistake_never_a_drawn_value(kind, actual, detail) -> None:
    assert mc.detail(gradebook_failure(kind, actual)) == detail


def gradebook_failure(kind: str, actual: str) -> Any:
    return mc.Failure("one_hot", "one_hot(3)", actual, "something", kind)


def test_each_submission_has_one_root_cause_per_concept_ranked_by_kind() -> None:
    """Values then dtype in the spec's order: the dtype explains the values; the values check is listed as also."""
    reports = {"ann": report([values_fail("x"), dtype_fail("torch.int64")])}
    (concept,) = [c for c in mc.analyze(reports, sources={})["concepts"] if c["misconceptions"]]
    (m,) = concept["misconceptions"]
    assert (m["kind"], m["detail"], m["test"]) == ("dtype", "torch.int64", "test_one_hot_is_float32")
    assert m["also_fails"] == [{"test": "test_one_hot_has_single_one_at_label", "count": 1}]
    assert m["reproduce"] == "one_hot(3).dtype"


def test_an_error_or_a_timeout_is_the_cause_only_where_no_check_named_a_difference() -> None:
    """The spec tripping over a wrong result (or a property test shrinking a wrong model past the time limit)
    follows from the difference another check names; a function that raises everywhere is its own cause."""
    raised = case(
        "test_one_hot_later_calls",
        ["one_hot"],
        "fail",
        failure("one_hot", "the spec's use of what one_hot gave", "RuntimeError: cannot cast", "a result", "raised"),
    )
    hang = f"{PAGE}::test_one_hot_slow"
    reports = {
        "ann": report([raised, values_fail("x")]),
        "bob": report(
            [values_fail("y"), case("test_one_hot_slow", ["one_hot"], "error")],
            error={"kind": "timed_out", "test": hang},
        ),
        "cid": report([raised]),
    }
    (concept,) = mc.analyze(reports, sources={})["concepts"]
    assert sorted((m["kind"], tuple(m["students"])) for m in concept["misconceptions"]) == [
        ("raised", ("cid",)),
        ("values", ("ann", "bob")),
    ]


def test_not_implemented_is_no_misconception_and_counts_in_the_rates() -> None:
    reports = {
        "ann": report([case("test_one_hot_is_float32", ["one_hot"], "not_implemented")]),
        "bob": report([dtype_fail("torch.int64")]),
        "cid": report([case("test_one_hot_is_float32", ["one_hot"])]),
    }
    (concept,) = mc.analyze(reports, sources={})["concepts"]
    assert [m["students"] for m in concept["misconceptions"]] == [["bob"]]
    assert (concept["judged"], concept["pass"], concept["fail"], concept["not_implemented"]) == (3, 1, 1, 1)
    assert concept["fail_rate"] == pytest.approx(1 / 3, abs=1e-4)


def test_a_timeout_is_a_misconception_of_the_test_it_timed_out_in_even_when_its_report_lacks_it() -> None:
    hang = f"{PAGE}::test_normalize_is_fast[cpu]"
    reports = {
        "fine": report([case("test_normalize_is_fast[cpu]", ["normalize"])]),
        "hang1": report(
            [case("test_normalize_is_fast[cpu]", ["normalize"], "error")], error={"kind": "timed_out", "test": hang}
        ),
        "hang2": report([case("test_other", ["normalize"], "fail", None)], error={"kind": "timed_out", "test": hang}),
    }
    analysis = mc.analyze(reports, sources={})
    (m,) = next(c for c in analysis["concepts"] if c["concept"] == "normalize")["misconceptions"]
    assert m["kind"] == "timed_out" and m["students"] == ["hang1", "hang2"]
    assert "test_normalize_is_fast does not finish in time" in m["names"]["en"] and "时限" in m["names"]["zh"]


def test_a_check_of_two_concepts_counts_for_the_one_that_also_fails_alone() -> None:
    shared = case(
        "test_loops_train_the_reference_model",
        ["train_loop", "test_loop"],
        "fail",
        failure("test_loop", "fit(...)", "0.104", ">= 0.95", "value"),
    )
    alone = case(
        "test_train_loop_zeroes_gradients_each_step",
        ["train_loop"],
        "fail",
        failure("train_loop", "train_loop(...)", "x", "y", "values"),
    )
    analysis = mc.analyze({"ann": report([shared, alone])}, sources={})
    by = {c["concept"]: c for c in analysis["concepts"]}
    assert [m["test"] for m in by["train_loop"]["misconceptions"]] == ["test_train_loop_zeroes_gradients_each_step"]
    assert by["test_loop"]["misconceptions"] == [] and by["test_loop"]["explained_by"] == {"train_loop": 1}


# -------------------------------------------------------------------------------------------- names


def test_the_name_is_built_from_the_fields_in_english_and_chinese() -> None:
    (m,) = mc.analyze({"ann": report([dtype_fail("torch.int64")])}, sources={})["concepts"][0]["misconceptions"]
    assert m["names"]["en"] == "one_hot(3).dtype is torch.int64, the tutorial's is torch.float32"
    assert m["names"]["zh"] == "one_hot(3).dtype 是 torch.int64,教程的是 torch.float32"
    none = case(
        "test_x", ["one_hot"], "fail", failure("one_hot", "one_hot(3)", "None of type NoneType", "a Tensor", "type")
    )
    (m,) = mc.analyze({"ann": report([none])}, sources={})["concepts"][0]["misconceptions"]
    assert "returns None" in m["names"]["en"] and "返回 None" in m["names"]["zh"]


# -------------------------------------------------------------------------------------- the example


def test_the_example_is_the_shortest_source_of_the_concept_in_the_group(tmp_path) -> None:
    long, short, broken = tmp_path / "long.py", tmp_path / "short.py", tmp_path / "broken.py"
    body = "\n".join(f"    x{i} = {i}" for i in range(40))
    long.write_text(f"import torch\n\n\ndef one_hot(label, num_classes=10):\n{body}\n    return x0\n")
    short.write_text(
        "def one_hot(label):\n    return 1\n\n\n@staticmethod\ndef one_hot(label, num_classes=10):\n"
        "    return torch.zeros(num_classes, dtype=torch.long)\n"
    )
    broken.write_text("def one_hot(:\n")
    reports = {
        name: report([dtype_fail("torch.int64")], path=str(tmp_path / f"{name}.py"))
        for name in ("long", "short", "broken")
    }
    (m,) = mc.analyze(reports)["concepts"][0]["misconceptions"]
    assert m["example"] == {
        "student": "short",
        "source": "@staticmethod\ndef one_hot(label, num_classes=10):\n"
        "    return torch.zeros(num_classes, dtype=torch.long)",
    }  # the last def, as Python keeps it, with its decorator
    trimmed = mc.concept_source(long, "one_hot")
    assert trimmed is not None and len(trimmed.splitlines()) == mc.SOURCE_LINES and trimmed.endswith("...")
    assert mc.concept_source(broken, "one_hot") is None and mc.concept_source(tmp_path / "none.py", "one_hot") is None
    (tmp_path / "lam.py").write_text("one_hot = lambda label: torch.eye(10)[label]\n")
    assert mc.concept_source(tmp_path / "lam.py", "one_hot") == "one_hot = lambda label: torch.eye(10)[label]"


# --------------------------------------------------------------------------------------- item analysis


def test_discrimination_is_the_point_biserial_correlation_and_none_when_undefined() -> None:
    xs, ys = [True, True, False, False], [1.0, 0.8, 0.2, 0.0]
    assert mc.point_biserial(xs, ys) == pytest.approx(statistics.correlation([float(x) for x in xs], ys), abs=1e-4)
    assert mc.point_biserial(xs, ys) == pytest.approx(0.8 / 0.68**0.5, abs=1e-4)  # by hand
    assert mc.point_biserial([True, True], [0.1, 0.9]) is None  # everyone passes
    assert mc.point_biserial([True, False], [0.5, 0.5]) is None  # the rest does not vary
    states = {
        "a": {"one_hot": "pass", "to_tensor": "pass", "normalize": "pass"},
        "b": {"one_hot": "pass", "to_tensor": "pass", "normalize": "fail"},
        "c": {"one_hot": "fail", "to_tensor": "fail", "normalize": "fail"},
        "d": {"one_hot": "not_run", "to_tensor": "fail", "normalize": "pass"},
    }
    items = mc.item_analysis(states, ["one_hot", "to_tensor", "normalize"])
    assert items["one_hot"]["judged"] == 3 and items["one_hot"]["pass_rate"] == pytest.approx(2 / 3, abs=1e-4)
    # one_hot: x = (1, 1, 0) against the rest (1, .5, 0): r = 0.866
    assert items["one_hot"]["discrimination"] == pytest.approx(0.8660, abs=1e-4)


# --------------------------------------------------------------------------------------------- --since


def test_changes_name_moved_pass_rates_grown_misconceptions_and_students_newly_passing() -> None:
    before = {
        "ann": report([dtype_fail("torch.int64")]),
        "bob": report([dtype_fail("torch.int64")]),
        "cid": report([case("test_one_hot_is_float32", ["one_hot"])]),
    }
    after = {**before, "ann": report([case("test_one_hot_is_float32", ["one_hot"])]), "dan": report([values_fail("v")])}
    old, new = mc.analyze(before, sources={}), mc.analyze(after, sources={})
    old["created"] = "2026-01-01T00:00:00"
    diff = mc.changes(old, new, since="week1")
    assert diff["pass_rates"] == [{"concept": "one_hot", "old": 0.3333, "new": 0.5, "delta": 0.1667}]
    assert {
        (m["old"], m["new"], m["kind"] if "kind" in m else m["id"].split(" | ")[2]) for m in diff["misconceptions"]
    } == {
        (2, 1, "dtype"),
        (0, 1, "values"),
    }
    assert diff["newly_passing"] == [{"student": "ann", "concepts": ["one_hot"]}]
    assert diff["since_created"] == "2026-01-01T00:00:00"


# ------------------------------------------------------------------------------------------ the files


def test_csv_and_json_have_a_row_per_misconception_with_formulas_defused(tmp_path) -> None:
    reports = {"=HYPERLINK(1)": report([dtype_fail("torch.int64")]), "bob": report([dtype_fail("torch.int64")])}
    analysis = mc.analyze(reports, lang="zh", sources={})
    mc.write_misconceptions_csv(analysis, tmp_path / "m.csv")
    mc.write_misconceptions_json(analysis, tmp_path / "m.json")
    with open(tmp_path / "m.csv", newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0][:5] == ["concept", "misconception", "count", "students", "reproduce"]
    assert rows[1][:5] == [
        "one_hot",
        "one_hot(3).dtype 是 torch.int64,教程的是 torch.float32",
        "2",
        "'=HYPERLINK(1); bob",
        "one_hot(3).dtype",
    ]
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["concepts"][0]["misconceptions"][0]["count"] == 2 and data["states"]["bob"] == {"one_hot": "fail"}


def test_index_html_ranks_concepts_by_failure_rate_each_opening_onto_its_misconceptions() -> None:
    reports = {
        "ann": report([dtype_fail("torch.int64"), case("test_normalize", ["normalize"])]),
        "bob": report(
            [
                dtype_fail("torch.int64"),
                case("test_normalize", ["normalize"], "fail", failure("normalize", "normalize(t)", "a", "b", "values")),
            ]
        ),
        "cid": report([case("test_one_hot_is_float32", ["one_hot"]), case("test_normalize", ["normalize"])]),
    }
    for lang, words in (("en", "What the class misunderstands"), ("zh", "全班的误解")):
        page = Page(gradebook.index_html(reports, lang=lang))
        concepts = [a["data-concept"] for tag, a in page.tags if tag == "details"]
        assert concepts == ["one_hot", "normalize"]  # 2 of 3 fail, then 1 of 3
        assert page.count("li", **{"class": "misconception", "data-kind": "dtype", "data-count": "2"}) == 1
        text = "".join(page.text)
        assert words in text and ("教程的是 torch.float32" in text) == (lang == "zh")
        assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
        assert page.count("html", lang="zh-CN" if lang == "zh" else "en") == 1


# ----------------------------------------------------------------------------------- a planted class

# The pages of the planted mistakes; a test is allowed 30 s (the hanging ones cost that, the rest pass well within).
PLANTED_MARK = "cpu and not slow and (transforms or model or optimization or persistence)"
# Two styles of each mistake (the grouping must see through style), one of the hanging one: each costs a 30 s
# time limit. The full class of the issue, every style, is BENCHMARKS.md's measurement (python -m meta.planted).
COUNTS = {
    mistake: 1 if mistake == "normalize_hangs" else min(2, len(styles)) for mistake, (_, styles) in MISTAKES.items()
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> dict[str, Any]:
    """The planted class graded once (English), then again into another folder (Chinese, --since the first), where
    only the two submissions changed since are graded anew."""
    root = tmp_path_factory.mktemp("planted")
    counts = COUNTS.copy()
    counts.update(right=2, not_implemented=1)
    truth = build_class(root / "class", counts)
    common = ["--jobs", "2", "--timeout", "30", "-m", PLANTED_MARK]
    first = run_spec("grade", str(root / "class"), "--out", str(root / "en"), "--spec-lang", "en", *common)
    assert first.returncode == 0, first.stderr[-3000:]
    # The second grading starts from the first's reports, as a teacher's rerun into the same --out would: only the
    # two submissions changed after them are graded again (half the minutes of grading the class twice).
    (root / "zh").mkdir()
    for report in (root / "en").glob("*.json"):
        if report.stem not in ("misconceptions", "changes"):
            shutil.copy(report, root / "zh" / report.name)
    for name in ("one_hot_int64_s1_01", "one_hot_length_9_s0_00"):  # two learners fix their one_hot
        shutil.copy(root / "class" / "right_s0_00.py", root / "class" / f"{name}.py")
    second = run_spec(
        "grade",
        str(root / "class"),
        "--out",
        str(root / "zh"),
        "--spec-lang",
        "zh",
        "--since",
        str(root / "en"),
        *common,
    )
    assert second.returncode == 0, second.stderr[-3000:]
    assert "graded 2 in" in second.stdout, second.stdout[-2000:]  # the two that changed, and no other
    return {"root": root, "truth": truth, "first": first, "second": second}


@pytest.mark.slow  # grades a class of 16, then the 2 that changed
@pytest.mark.long
def test_each_planted_mistake_forms_exactly_one_misconception_and_none_mixes_two(planted) -> None:
    analysis = json.loads((planted["root"] / "en" / "misconceptions.json").read_text(encoding="utf-8"))
    formed, mixed = purity(analysis, planted["truth"])
    assert not mixed, mixed
    assert {m: len(ids) for m, ids in formed.items()} == dict.fromkeys(MISTAKES, 1), formed
    by_concept = {c["concept"]: c for c in analysis["concepts"]}
    for mistake, (concept, _) in MISTAKES.items():
        (m,) = [m for m in by_concept[concept]["misconceptions"] if m["id"] in formed[mistake]]
        assert m["count"] == COUNTS[mistake] and all(planted["truth"][s] == mistake for s in m["students"])
        assert m["example"] is not None and m["example"]["source"].lstrip().startswith(("def ", "class "))
    kinds = {mistake: by_concept[MISTAKES[mistake][0]] for mistake in MISTAKES}
    one_hot = {m["kind"]: m for m in kinds["one_hot_int64"]["misconceptions"]}
    assert one_hot["dtype"]["detail"] == "torch.int64" and one_hot["shape"]["detail"] == "axis 0 shorter"
    assert [m["kind"] for m in kinds["normalize_hangs"]["misconceptions"]] == ["timed_out"]
    assert [m["detail"] for m in kinds["test_loop_returns_none"]["misconceptions"]] == ["None"]
    # the right ones and the not-implemented one form nothing
    students = {s for c in analysis["concepts"] for m in c["misconceptions"] for s in m["students"]}
    assert not {s for s, p in planted["truth"].items() if p in ("right", "not_implemented")} & students
    assert analysis["seconds"] < 5


@pytest.mark.slow
@pytest.mark.long
def test_the_planted_class_csv_and_changes_since_the_first_grading(planted) -> None:
    en, zh = planted["root"] / "en", planted["root"] / "zh"
    with open(en / "misconceptions.csv", newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == len(MISTAKES) and sum(int(r["count"]) for r in rows) == sum(COUNTS.values())
    int64 = next(r for r in rows if "torch.int64" in r["misconception"])
    assert int64["concept"] == "one_hot" and int64["count"] == str(COUNTS["one_hot_int64"]) and int64["reproduce"]
    changes = json.loads((zh / "changes.json").read_text(encoding="utf-8"))
    assert {s["student"] for s in changes["newly_passing"]} == {"one_hot_int64_s1_01", "one_hot_length_9_s0_00"}
    shrunk = sorted((m["old"], m["new"]) for m in changes["misconceptions"] if m["concept"] == "one_hot")
    assert shrunk == sorted((COUNTS[k], COUNTS[k] - 1) for k in ("one_hot_int64", "one_hot_length_9")), shrunk
    assert next(c for c in changes["pass_rates"] if c["concept"] == "one_hot")["delta"] > 0
    assert "since" in planted["second"].stdout and "newly pass" in planted["second"].stdout


def browser_dom(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            chromium() or "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.long
@pytest.mark.skipif(chromium() is None, reason="no chromium on PATH (Debian: apt-get install -y chromium)")
def test_the_planted_class_page_names_each_mistake_in_a_real_browser_in_english_and_chinese(planted, tmp_path) -> None:
    expected = {
        "en": [
            "one_hot(0, num_classes=10).dtype is torch.int64",
            "axis 0 shorter",
            "does not finish in time",
            "returns None",
        ],
        "zh": [
            "one_hot(0, num_classes=10).dtype 是 torch.int64",
            "第 0 轴更短",
            "没有在时限内结束",
            "返回 None",
            "自上次评分以来",
        ],
    }
    for lang, words in expected.items():
        proc = browser_dom(planted["root"] / lang / "index.html", tmp_path / f"profile-{lang}", "--dump-dom")
        assert proc.returncode == 0, proc.stderr[-2000:]
        dom = Page(proc.stdout)
        text = "".join(dom.text)
        assert [w for w in words if w not in text] == []
        assert dom.count("svg", id="pass-rates") == 1 and dom.count("table", id="class-table") == 1
        details = [a["data-concept"] for tag, a in dom.tags if tag == "details"]
        analysis = json.loads((planted["root"] / lang / "misconceptions.json").read_text(encoding="utf-8"))
        assert details == [c["concept"] for c in analysis["concepts"] if c["judged"]]  # ranked by failure rate
        assert {"NeuralNetwork", "train_loop", "load_weights", "normalize"} <= set(details)
        assert {tag for tag, _ in dom.tags} <= ALLOWED_TAGS
        links = [a["href"] for tag, a in dom.tags if tag == "a"]
        assert links and all(link.startswith("#s") for link in links)  # students, onto their first failure
    shot = tmp_path / "zh.png"
    proc = browser_dom(
        planted["root"] / "zh" / "index.html",
        tmp_path / "profile-shot",
        f"--screenshot={shot}",
        "--window-size=1200,2400",
    )
    assert proc.returncode == 0 and shot.stat().st_size > 10_000, proc.stderr[-2000:]
