"""Meta-tests of the learner's side: `python -m spec new`, the summary, --lang, --report, the README walkthrough.

The quick ones check the pieces in-process; the slow ones run pytest as a learner does, on the
starter module and on the README's solution of one section, and validate the report's JSON.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import re
import subprocess
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from meta.proc import ROOT, run_spec
from spec import i18n
from spec.__main__ import main as spec_main
from spec.contract import CONTRACT, LESSONS
from spec.loading.impl import MISSING, RAISES, NotImplementedSkip
from spec.results import advice, report, summary
from spec.results.context import RunContext
from spec.results.failure import Failure
from spec.results.model import TestResult

SCHEMA = ROOT / "spec" / "results" / "report.schema.json"
QUICK = "cpu and not slow and not benchmark"
IMPORT_TEST = "spec/pages/test_import.py::test_importing_the_implementation_leaves_torch_global_state_alone"
pytestmark = pytest.mark.meta
EN = RunContext(lang="en", impl_arg="s.py")


def load(path: Path) -> ModuleType:
    """Imports a learner's file without registering it in sys.modules."""
    spec = importlib.util.spec_from_file_location(f"learner_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def result(
    name: str, status: str, *concepts: str, page: str = "tensors", checks_impl: bool = True, message: str = ""
) -> TestResult:
    """A recorded test outcome, as spec/results/summary.py keeps them."""
    test = TestResult(
        nodeid=f"spec/test_x.py::{name}",
        name=name,
        page=page,
        checks_impl=checks_impl,
        status=status,
        message=message,
        concepts=concepts,
    )
    if status == "not_implemented":
        test.not_implemented = concepts[0]
    return test


# ---------------------------------------------------------------------------------------------
# i18n


ONE_HOT_DTYPE = Failure(
    concept="one_hot",
    call="one_hot(3).dtype",
    actual="torch.int64",
    expected="torch.float32",
    kind="dtype",
    reproduce="one_hot(3).dtype",
)


def test_a_failure_in_chinese_has_chinese_framing_and_one_location() -> None:
    zh = ONE_HOT_DTYPE.render("zh")
    assert zh == (
        "one_hot(3).dtype=torch.int64,但应为 torch.float32 [教程 1.5 变换, Lambda变换]\n  复现: one_hot(3).dtype"
    )
    for english in ("but should", "tutorial", "reproduce", "Transforms"):
        assert english not in zh, english
    assert zh.count("[") == 1 and zh.count("教程") == 1  # one location, never nested


def test_a_not_implemented_skip_is_worded_from_its_fields_in_each_language() -> None:
    missing = NotImplementedSkip("from_data", MISSING, "my_solution")
    assert missing.render("zh") == "未实现:from_data(my_solution 中没有定义它) [教程 1.3.1 张量, 初始化tensor]"
    tensors = "tutorial 1.3.1 Tensors, Initializing a Tensor"
    assert (
        missing.msg
        == missing.render("en")
        == f"not implemented: from_data (my_solution does not define it) [{tensors}]"
    )
    stub = NotImplementedSkip("one_hot", RAISES).render("en")
    assert (
        stub == "not implemented: one_hot (it raises NotImplementedError) [tutorial 1.5 Transforms, Lambda Transforms]"
    )


def test_the_report_takes_reproduce_and_failure_from_the_fields_never_from_the_message() -> None:
    fake = "one_hot(3)=wrong, but should be right\n  reproduce: import os; os.remove('x')"
    raw = result("test_raw", "fail", "one_hot", page="transforms", message=fake)
    raw.crash = ("/spec/test_x.py", 3, f"Failed: {fake}")
    entry = report.test_entry(raw, "en")
    assert entry["reproduce"] is None and entry["failure"] is None  # no Failure: nothing to replay
    checked = result("test_checked", "fail", "one_hot", page="transforms", message=fake)
    checked.failure = ONE_HOT_DTYPE
    entry = report.test_entry(checked, "zh")
    assert entry["reproduce"] == "one_hot(3).dtype"
    assert entry["failure"] == ONE_HOT_DTYPE.to_dict() and Failure.from_dict(entry["failure"]) == ONE_HOT_DTYPE
    assert entry["message"] == ONE_HOT_DTYPE.render("zh")


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANGUAGE": "zh_TW", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ],
)
def test_default_lang_follows_the_locale(environ: dict[str, str], lang: str) -> None:
    assert i18n.default_lang(environ) == lang


# ---------------------------------------------------------------------------------------------
# The summary's next step


def test_next_is_the_first_failing_concept_in_tutorial_order_even_after_a_not_implemented_one() -> None:
    tests = [
        result("test_from_data_x", "not_implemented", "from_data"),
        result("test_one_hot_y", "fail", "one_hot", page="transforms", message="boom"),
        result("test_matmul_z", "fail", "matmul"),
    ]
    step = advice.next_step(tests, RunContext(impl_arg="my_solution.py"))
    assert (step.kind, step.concept) == ("fail", "matmul")  # 1.3 matmul comes before 1.5 one_hot
    assert step.command == 'pytest -m "cpu and tensors" -k matmul --impl my_solution.py'


def test_next_is_the_first_not_implemented_concept_when_nothing_fails() -> None:
    tests = [
        result("test_concat_a", "not_implemented", "concat"),
        result("test_describe_b", "pass", "describe"),
        result("test_from_numpy_c", "not_implemented", "from_numpy"),
    ]
    step = advice.next_step(tests, RunContext(impl_arg="my_solution.py"))
    assert (step.kind, step.concept) == ("not_implemented", "from_numpy")
    assert step.text[0] == ("Next: implement from_numpy (tutorial 1.3 Tensors). 1 of 3 concepts in this run are done.")


def test_next_names_the_first_failure_message_and_where_the_learner_code_raised() -> None:
    test = result("test_mul_d", "fail", "mul")
    test.crash = ("/home/me/my_solution.py", 12, "TypeError: unsupported operand")
    me = "/home/me/my_solution.py"
    step = advice.next_step([test], RunContext(lang="zh", impl_arg=me, impl_file=me))
    assert step.text[0] == "下一步:修正 mul(教程 1.3 张量):1 个测试失败。"
    assert "你的代码在 /home/me/my_solution.py 第 12 行抛出了 TypeError: unsupported operand" in "\n".join(step.text)


def test_command_has_k_only_when_every_test_names_the_concept() -> None:
    tests = [result("test_one_hot_a", "fail", "one_hot"), result("test_labels_become_vectors", "fail", "one_hot")]
    assert advice.command_for("transforms", RunContext(impl_arg="a b.py"), "one_hot", tests) == (
        'pytest -m "cpu and transforms" --impl "a b.py"'
    )
    assert advice.command_for("transforms", RunContext(), "one_hot", tests[:1]) == (
        'pytest -m "cpu and transforms" -k one_hot'
    )


def test_command_from_the_launcher_names_the_file_once_and_no_impl_option() -> None:
    tests = [result("test_one_hot_a", "fail", "one_hot")]
    context = RunContext(impl_arg="/tmp/x/lesson.py", command="python -m spec check lesson.ipynb")
    assert advice.command_for("transforms", context, "one_hot", tests) == (
        'python -m spec check lesson.ipynb -m "cpu and transforms" -k one_hot'
    )


def crashed(
    name: str, message: str, *, concept: str = "CustomImageDataset", path: str = "/spec/test_x.py", line: int = 1
) -> TestResult:
    test = result(name, "fail", concept, page="data", message=message)
    test.crash = (path, line, message)
    return test


def checked(name: str, failure: Failure) -> TestResult:
    """A test whose check failed: its Failure as the recorder keeps it, and the message rendered from it."""
    test = result(name, "fail", failure.concept, page="data", message=failure.render("en"))
    test.crash, test.failure = ("/spec/test_x.py", 1, f"Failed: {test.message}"), failure
    return test


def item_label(index: int, actual: int, expected: int, reproduce: str = "") -> Failure:
    call = f"CustomImageDataset(...)[{index}][1]"
    return Failure("CustomImageDataset", call, str(actual), str(expected), reproduce=reproduce)


def test_failures_of_one_cause_are_grouped_and_the_check_message_leads() -> None:
    tests = [
        crashed("test_len", "IndexError: list index out of range", path="/me/s.py", line=7),
        checked("test_a", item_label(0, 3, 9, reproduce="ds[0][1]")),
        checked("test_b", item_label(5, 1, 9, reproduce="ds[5][1]")),
        checked("test_c", item_label(2, 7, 9)),
    ]
    step = advice.next_step(tests, RunContext(impl_arg="s.py", impl_file="/me/s.py"))
    text = "\n".join(step.text)
    assert "first failure, test_a:" in text, text  # the largest group; a check's failure with a reproducer
    assert "2 more failure(s) of CustomImageDataset look like the same cause" in text, text
    assert advice.cause(tests[1]) == advice.cause(tests[2]) == advice.cause(tests[3]) != advice.cause(tests[0])


def test_failures_are_grouped_by_their_fields_not_by_their_words() -> None:
    """Same words, other expectation: two causes. A raw error: one cause per line and exception type."""
    assert advice.cause(checked("a", item_label(0, 3, 9))) != advice.cause(checked("b", item_label(0, 3, 4)))
    one = crashed("c", "IndexError: list index out of range", path="/me/s.py", line=7)
    other = crashed("d", "IndexError: tuple index out of range", path="/me/s.py", line=7)
    assert advice.cause(one) == advice.cause(other) != advice.cause(crashed("e", "IndexError: x", line=8))


def test_a_lone_failure_is_not_said_to_share_a_cause() -> None:
    tests = [
        checked("test_a", ONE_HOT_DTYPE),
        checked("test_b", Failure("one_hot", "one_hot(3).sum()", "2.0", "1.0")),
    ]
    step = advice.next_step(tests, EN)
    assert "same cause" not in "\n".join(step.text)


def test_the_first_failure_is_shown_from_its_fields_in_the_runs_language() -> None:
    test = checked("test_a", ONE_HOT_DTYPE)
    test.crash = ("/spec/test_x.py", 1, "Failed: one_hot(3)=x, but should be y\n  reproduce: not this")
    lines = advice.next_step([test], RunContext(lang="zh")).text
    assert lines[2:4] == [f"    {line}" for line in ONE_HOT_DTYPE.render("zh").splitlines()]
    assert not any("not this" in line for line in lines)


def test_when_every_concept_passes_next_is_an_unchecked_page_after_this_one() -> None:
    tests = [result("test_one_hot_a", "pass", "one_hot", page="transforms")]
    step = advice.next_step(tests, EN)
    assert (step.kind, step.page) == ("not_run", "model")
    assert step.text[0] == "Every concept checked in this run passes (1 of 1)."


def test_render_counts_facts_of_torch_apart_from_the_learner_code() -> None:
    tests = [
        result("test_fact_a", "pass", checks_impl=False),
        result("test_fact_b", "fail", checks_impl=False),
        result("test_from_data_c", "not_implemented", "from_data"),
    ]
    lines = summary.render(tests, EN)
    row = next(line for line in lines if line.startswith("tensors"))
    assert row.split() == ["tensors", "1.3", "0", "0", "1", "0", "0/1"]
    assert any(
        line.startswith("+ 2 checks that do not use your code") and "1 passed, 1 failed" in line for line in lines
    )
    assert any("see DRIFT.md" in line for line in lines)


# ---------------------------------------------------------------------------------------------
# python -m spec new


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("learner") / "my_solution.py"
    assert spec_main(["new", str(path), "--lang", "en"]) == 0
    return path


def test_spec_new_refuses_to_overwrite_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "my_solution.py"
    path.write_text("# my work\n")
    assert spec_main(["new", str(path), "--lang", "en"]) == 2
    assert path.read_text() == "# my work\n"
    assert "already exists; nothing written" in capsys.readouterr().err


def test_the_reference_exports_exactly_the_contract_in_its_order() -> None:
    import reference

    assert reference.__all__ == list(CONTRACT)
    assert list(LESSONS) == list(CONTRACT)


def test_starter_defines_every_contract_name_in_tutorial_order(starter: Path) -> None:
    tree = ast.parse(starter.read_text())
    names = [
        n.name if isinstance(n, (ast.FunctionDef, ast.ClassDef)) else n.target.id
        for n in tree.body
        if isinstance(n, (ast.FunctionDef, ast.ClassDef))
        or (isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name))
    ]
    assert names == list(CONTRACT)


def _callables(module: ModuleType) -> dict[str, Any]:
    """Contract name (or Class.method) -> function, for every function and method of the contract."""
    out = {}
    for name in CONTRACT:
        value = getattr(module, name)
        if inspect.isclass(value):
            for attr, member in vars(value).items():
                if inspect.isfunction(member):
                    out[f"{name}.{attr}"] = member
        elif inspect.isfunction(value):
            out[name] = value
    return out


def test_starter_signatures_are_the_references(starter: Path) -> None:
    import reference

    ours, theirs = _callables(load(starter)), _callables(reference)
    assert set(ours) == set(theirs)
    for name, fn in theirs.items():
        assert str(inspect.signature(ours[name])) == str(inspect.signature(fn)), name


def test_starter_annotations_resolve_with_its_imports(starter: Path) -> None:
    module = load(starter)
    for fn in _callables(module).values():
        typing.get_type_hints(fn, globalns=vars(module))  # raises NameError for a name the header lacks
    # The starter's own spelling (spec/learner/starter.py writes Optional), compared as it is.
    assert typing.get_type_hints(module)["labels_map"] == typing.Optional[dict[int, str]]  # noqa: UP045


def test_starter_stubs_raise_not_implemented_error(starter: Path) -> None:
    module = load(starter)
    assert module.labels_map is None  # a value: None reads as not implemented
    for fn in _callables(module).values():
        params = inspect.signature(fn).parameters.values()
        args = [None for p in params if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        with pytest.raises(NotImplementedError):
            fn(*args)


def test_starter_docstrings_say_what_and_where_in_both_languages(starter: Path) -> None:
    module = load(starter)
    for name, concept in CONTRACT.items():
        if name == "labels_map":
            continue
        doc = getattr(module, name).__doc__
        lesson = LESSONS[name]
        assert lesson.what_zh in doc and f"{concept.section} {concept.title}" in doc, name
        assert f'python -m spec check {starter} -m "cpu and {concept.page}"' in doc, name


def _test_functions(path: Path) -> set[str]:
    return {
        n.name
        for n in ast.parse(path.read_text()).body
        if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
    }


@pytest.mark.parametrize(
    ("doc", "own"), [("ERRATA.md", "spec/pages/test_errata.py"), ("DRIFT.md", "spec/pages/test_drift.py")]
)
def test_errata_and_drift_docs_name_tests_that_exist_and_every_one_of_their_own(doc: str, own: str) -> None:
    named = re.findall(r"`(spec/pages/test_\w+\.py)::(test_\w+)`", (ROOT / doc).read_text())
    missing = [f"{f}::{t}" for f, t in named if not (ROOT / f).is_file() or t not in _test_functions(ROOT / f)]
    assert not missing, f"{doc} names tests that do not exist (renamed?): {missing}"
    unlisted = _test_functions(ROOT / own) - {t for f, t in named if f == own}
    assert not unlisted, f"{doc} does not list {sorted(unlisted)} of {own}"


@pytest.mark.slow  # importing jsonschema takes half a second
def test_report_schema_is_a_valid_draft_2020_12_schema() -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA.read_text()))


# ---------------------------------------------------------------------------------------------
# Slow: pytest runs as a learner's


def run_check(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m spec check PATH ARGS...` as a learner runs it: from the folder of their file, not this checkout."""
    return run_spec("check", path.name, *args, cwd=path.parent)


def validate(report: dict[str, Any]) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(
        json.loads(SCHEMA.read_text()), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(report)]
    assert not errors, "\n".join(errors[:20])


@pytest.fixture(scope="module")
def starter_run(starter: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """The quick tier on the untouched starter module, with --report."""
    out = starter.with_name("starter_report.json")
    proc = run_check(starter, "-m", QUICK, f"--spec-report={out}", "--spec-lang=en")
    return proc, json.loads(out.read_text())


@pytest.mark.slow
def test_starter_run_reports_every_test_of_the_code_not_implemented(starter_run) -> None:
    proc, report = starter_run
    assert proc.returncode == 0, proc.stdout[-5000:]
    validate(report)
    own = [t for t in report["tests"] if t["checks_implementation"] and t["test_id"] != IMPORT_TEST]
    assert own, "no test of the implementation ran"
    wrong = [f"{t['status']:<6} {t['test_id']}" for t in own if t["status"] not in ("not_implemented", "skip")]
    assert not wrong, "tests of the starter module that should be not implemented:\n" + "\n".join(wrong)
    assert not [t for t in report["tests"] if t["status"] in ("fail", "error")]
    assert [t["status"] for t in report["tests"] if t["test_id"] == IMPORT_TEST] == ["pass"]  # a stub imports cleanly
    assert {c["status"] for c in report["concepts"]} <= {"not_implemented", "not_run"}
    assert report["status"] == "not_implemented" and report["message"] is None  # exit 0: not done, and not wrong


@pytest.mark.slow
def test_starter_run_says_to_start_at_from_data(starter_run) -> None:
    proc, report = starter_run
    assert (report["next"]["kind"], report["next"]["concept"], report["next"]["page"]) == (
        "not_implemented",
        "from_data",
        "tensors",
    )
    assert "Start here: from_data (tutorial 1.3 Tensors). 0 of " in proc.stdout
    assert re.search(r" \d+ not implemented", proc.stdout.splitlines()[-1]), proc.stdout.splitlines()[-1]


def readme_solution(section_marker: str = "# my_solution.py: section 1.5 Transforms") -> str:
    """The README walkthrough's code for its section (the same block in English and Chinese)."""
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.DOTALL)
    ours = [b for b in blocks if b.startswith(section_marker)]
    assert len(ours) == 2 and ours[0] == ours[1], "the walkthrough's code block, once in each language"
    return ours[0]


def replace_stubs(starter: str, solution: str) -> str:
    """What the README asks: the stubs of the solution's functions replaced by the solution."""
    defined = {n.name for n in ast.parse(solution).body if isinstance(n, ast.FunctionDef)}
    lines = starter.splitlines(keepends=True)
    stubs = [n for n in ast.parse(starter).body if isinstance(n, ast.FunctionDef) and n.name in defined]
    assert {n.name for n in stubs} == defined
    first = min(n.lineno for n in stubs) - 1
    for node in sorted(stubs, key=lambda n: -n.lineno):
        del lines[node.lineno - 1 : node.end_lineno]
    lines.insert(first, solution)
    return "".join(lines)


@pytest.mark.slow
def test_readme_walkthrough_passes_its_section_fully(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    for command in ("python -m spec new my_solution.py", 'python -m spec check my_solution.py -m "cpu and transforms"'):
        assert readme.count(command) >= 2, f"the walkthrough (en and zh) runs: {command}"
    path = tmp_path / "my_solution.py"
    assert spec_main(["new", str(path), "--lang", "en"]) == 0
    path.write_text(replace_stubs(path.read_text(), readme_solution()))
    out = tmp_path / "report.json"
    proc = run_check(path, "-m", "cpu and transforms", f"--spec-report={out}", "--spec-lang=zh")
    assert proc.returncode == 0, proc.stdout[-5000:]
    report = json.loads(out.read_text())
    validate(report)
    assert report["status"] == "pass", [t["test_id"] for t in report["tests"] if t["status"] != "pass"]
    transforms = [c for c in report["concepts"] if c["page"] == "transforms"]
    assert transforms and all(c["status"] == "pass" for c in transforms), transforms
    assert "本次运行检查的所有概念都已通过" in proc.stdout and "教程各节:你的实现" in proc.stdout
    assert report["next"]["command"] == 'python -m spec check my_solution.py -m "cpu and model"'


@pytest.mark.slow
def test_a_file_that_does_not_import_gives_an_error_report(tmp_path: Path) -> None:
    bad = tmp_path / "bad_solution.py"
    bad.write_text("import torch\n\ndef one_hot(label:\n    pass\n")
    out = tmp_path / "report.json"
    proc = run_check(bad, "-m", QUICK, f"--spec-report={out}")
    assert proc.returncode == 4, proc.stdout + proc.stderr
    report = json.loads(out.read_text())
    validate(report)
    assert report["status"] == "error" and f"syntax error in {bad}, line 3" in report["message"]
    assert report["tests"] == [] and {c["status"] for c in report["concepts"]} == {"not_run"}
