"""Meta-tests of what a learner reads of a failure: the spec's words first, the right concept blamed, the same words
in every output (issue 28's real-code findings, as tests).

The runs here are real checks (`python -m spec check`, in a fork of this process, meta/proc.py) of corpus files,
read from the terminal and from the report (`--spec-report`), never from the spec's internals.
"""

from __future__ import annotations

import ast
import builtins
import functools
import json
import keyword
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

from meta.proc import ROOT, in_fork, run_spec
from spec import contract, i18n, prose
from spec.helpers.calls import IMPORTS
from spec.learner import check_live
from spec.results import status
from spec.results.failure import KINDS, Failure
from spec.teacher import gradebook

pytestmark = [pytest.mark.meta]
MUTANTS = ROOT / "meta" / "mutants"
ITEM_OF_AN_INT = MUTANTS / "transforms" / "wrong_one_hot_item_of_an_int_beside_a_right_to_tensor.py"
# What a raw pytest dump shows before the learner's error: the kit's test source, hypothesis's and torch's frames.
RAW_DUMP = re.compile(
    r"^\s*def test_|^>\s|^E\s|site-packages|hypothesis/core\.py|During handling of the above exception"
    r"|BaseExceptionGroup|_ _ _ _|spec/pages/test_\w+\.py:\d+",
    re.MULTILINE,
)


def _check(impl: Path, tmp_path: Path, *args: str) -> tuple[str, dict]:
    """The terminal output and the report of `python -m spec check IMPL -m "cpu and transforms and not slow"`."""
    report = tmp_path / "r.json"
    proc = run_spec(
        "check",
        str(impl),
        "-m",
        "cpu and transforms and not slow",
        "-k",
        "one_hot or fashion_mnist or to_tensor_is_float32",
        f"--spec-report={report}",
        *args,
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return proc.stdout, json.loads(report.read_text(encoding="utf-8"))


def _failures_section(out: str) -> str:
    """From the first failure's header line to the summary."""
    rest = out.split("= FAILURES =", 1)[1].split("\n", 1)[1]
    return rest.split("tutorial pages", 1)[0].rsplit("\n", 1)[0]


def _blocks(failures: str) -> list[str]:
    """Each failure's text, without its `____ test_x ____` header."""
    return [b.strip("\n") for b in re.split(r"^_{3,} .* _{3,}$", failures, flags=re.MULTILINE) if b.strip()]


@pytest.mark.slow
def test_an_error_of_the_learners_code_reads_their_line_first_and_blames_only_its_concept(tmp_path: Path) -> None:
    out, report = _check(ITEM_OF_AN_INT, tmp_path)
    failures = _failures_section(out)
    # Every failure: their file and line, the exception and its message, their frame, then the spec's framing.
    blocks = _blocks(failures)
    assert len(blocks) >= 3, failures
    for block in blocks:
        lines = block.splitlines()
        name = ITEM_OF_AN_INT.name
        assert lines[0] == f"{name}:22: AttributeError: 'int' object has no attribute 'item'", block
        assert lines[1].strip() == f"{name}:22 in one_hot: index = label.item()", block
        assert lines[2].strip().startswith("raised by your code while the spec ran one_hot("), block
        assert "[tutorial 1.5 Transforms, Lambda Transforms]" in lines[2], block
    assert not RAW_DUMP.search(failures), RAW_DUMP.search(failures)
    # The hypothesis test's failing example is the call shown, and its reproduce line runs as pasted.
    assert "reproduce: one_hot(" in failures
    # Blame by concept: the test of both names fails for one_hot; to_tensor is neither failed nor passed by it.
    concepts = {c["name"]: c for c in report["concepts"]}
    assert concepts["one_hot"]["status"] == "fail"
    assert concepts["to_tensor"]["status"] == "pass" and concepts["to_tensor"]["failed"] == 0
    assert concepts["to_tensor"]["not_judged"] == 1 and concepts["to_tensor"]["judged_by"] == ["one_hot"]
    both = next(t for t in report["tests"] if t["name"].startswith("test_to_tensor_and_one_hot"))
    assert both["failure"]["concept"] == "one_hot" and both["failure"]["where"].endswith(":22")
    assert report["next"]["concept"] == "one_hot"
    # The same words on the terminal, in the report, in the notebook's next step and in the gradebook's pages.
    for test in report["tests"]:
        if test["status"] == "fail":
            assert test["message"] in failures, test["message"]
            assert "\n".join(gradebook.failure_lines(test, limit=100)) in test["message"]
    first = next(t for t in report["tests"] if t["status"] == "fail" and t["failure"]["concept"] == "one_hot")
    assert first["message"].splitlines()[0] in "\n".join(report["next"]["text"])


@pytest.mark.slow
def test_tb_long_still_gives_the_whole_traceback_after_the_specs_words(tmp_path: Path) -> None:
    out, _ = _check(ITEM_OF_AN_INT, tmp_path, "--tb=long", "-k", "one_hot_is_float32")  # the last -k is the one
    failures = _failures_section(out)
    assert "def test_one_hot_is_float32" in failures  # pytest's own traceback, on request
    for block in _blocks(failures):
        assert block.startswith(f"{ITEM_OF_AN_INT.name}:22: AttributeError"), block


def test_an_error_the_learners_code_raised_renders_where_first_in_both_languages() -> None:
    failure = Failure(
        concept="one_hot",
        call="one_hot(3)",
        actual="AttributeError: 'int' object has no attribute 'item'",
        expected="",
        kind="raised",
        reproduce="one_hot(3)",
        raised="my.py:14 in one_hot: index = label.item()",
        where="my.py:14",
    )
    assert failure.render("en").splitlines() == [
        "my.py:14: AttributeError: 'int' object has no attribute 'item'",
        "  my.py:14 in one_hot: index = label.item()",
        "  raised by your code while the spec ran one_hot(3) [tutorial 1.5 Transforms, Lambda Transforms]",
        "  reproduce: one_hot(3)",
    ]
    zh = failure.render("zh").splitlines()
    assert zh[0] == failure.render("en").splitlines()[0] and zh[2].startswith("  你的代码在规范运行 one_hot(3) 时")
    assert "[教程 1.5 变换, Lambda变换]" in zh[2]


def test_values_hidden_by_the_assignment_leave_out_actual_and_expected() -> None:
    failure = Failure("one_hot", "one_hot(3).dtype", "torch.int64", "torch.float32", kind="dtype")
    shown, hidden = failure.render("en"), failure.render("en", values=False)
    assert "torch.int64" in shown and "torch.float32" in shown
    assert "torch.int64" not in hidden and "torch.float32" not in hidden and hidden.startswith("one_hot(3).dtype ")
    assert "torch" not in failure.render("zh", values=False).split("[")[0].replace("one_hot(3).dtype", "")


def test_not_judged_is_a_state_of_its_own_in_every_rendering() -> None:
    assert "not_judged" in status.STATES and status.MARKS["not_judged"] not in (status.MARKS["pass"], "✗")
    assert status.label("not_judged", "en") == "not judged" and status.label("not_judged", "zh") == "未评判"
    assert status.label("not_judged", "en", judged_by=["one_hot"]) == "not judged: one_hot failed first"
    schema = json.loads((ROOT / "spec" / "results" / "report.schema.json").read_text())
    assert "not_judged" in schema["$defs"]["concept"]["properties"]["status"]["enum"]
    concept = {"name": "to_tensor", "section": "1.5", "status": "not_judged", "judged_by": ["one_hot"]}
    result = check_live.CheckResult(0, 1, 0, 0, 1, {"concepts": [concept], "tests": []})
    assert "not judged: one_hot failed first" in check_live.text(result, lang="en", hint=lambda *a: "check()")


# ---------------------------------------------------------------------------------------------
# Every reproduce line runs as pasted: a sample of the corpus's wrong files, from the session's corpus run.

SAMPLE_EVERY = 20  # one wrong file in twenty (sorted), so the cost stays a few seconds over the corpus run's own
WRONG = sorted(MUTANTS.glob("*/wrong_*.py"))
REPRODUCE_SAMPLE = [
    pytest.param(path, id=f"{path.parent.name}/{path.stem}", marks=getattr(pytest.mark, path.parent.name))
    for path in WRONG[::SAMPLE_EVERY]
]
# The corpus's wrong files for the Chinese test below: every one, since the session's corpus run already reads them
# all for test_mutants.py (rendering a failure from its fields costs milliseconds).
WRONG_SAMPLE = [
    pytest.param(path, id=f"{path.parent.name}/{path.stem}", marks=getattr(pytest.mark, path.parent.name))
    for path in WRONG
]
LINE_TIMEOUT_S = 20  # a line that trains a model on a few batches takes a second or two


def paste(impl: Path, lines: list[str]) -> list[tuple[str, str]]:
    """(line, the error that says it cannot be pasted, or "") of each line, each run in a fresh namespace of a
    forked interpreter where `impl` is imported as a learner would (`from impl import *`) after calls.IMPORTS.
    An error of the learner's own code is the point of the line; a NameError or SyntaxError says a name it uses
    was never built (or the line is not Python)."""

    def child() -> int:
        import importlib.util
        import signal
        import sys

        spec = importlib.util.spec_from_file_location(impl.stem, impl)
        module = importlib.util.module_from_spec(spec)
        sys.modules[impl.stem] = module
        spec.loader.exec_module(module)

        def too_long(signum: int, frame: Any) -> None:
            raise TimeoutError(f"a line ran past {LINE_TIMEOUT_S} s")

        signal.signal(signal.SIGALRM, too_long)  # a line that hangs is the learner's finding, not a broken line
        results = []
        for line in lines:
            namespace: dict = {"__name__": "__main__"}
            exec(IMPORTS, namespace)  # noqa: S102
            exec(f"from {impl.stem} import *", namespace)  # noqa: S102
            signal.alarm(LINE_TIMEOUT_S)
            try:
                exec(compile(line, "<reproduce>", "exec"), namespace)  # noqa: S102
                broken = ""
            except (NameError, SyntaxError) as exc:
                broken = f"{type(exc).__name__}: {exc}"
            except BaseException:  # noqa: BLE001 - the learner's error (or the spec's limit): it reproduces
                broken = ""
            finally:
                signal.alarm(0)
            results.append((line, broken))
        print(json.dumps(results))
        return 0

    with tempfile.TemporaryDirectory() as folder:
        proc = in_fork(child, ["paste", str(impl)], cwd=Path(folder), timeout=LINE_TIMEOUT_S * (len(lines) + 1))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [tuple(pair) for pair in json.loads(proc.stdout.strip().splitlines()[-1])]


@pytest.mark.slow
@pytest.mark.parametrize("mutant", REPRODUCE_SAMPLE)
def test_every_reproduce_line_runs_as_pasted_with_the_learners_module_imported(
    mutant: Path, outcomes: dict[str, Any]
) -> None:
    tests = outcomes[str(mutant)]["tests"]
    lines = sorted(
        {t["failure"]["reproduce"] for t in tests.values() if t.get("failure") and t["failure"]["reproduce"]}
    )
    broken = [(line, error) for line, error in paste(mutant, lines) if error]
    assert not broken, "\n".join(f"{error}\n    {line}" for line, error in broken)


# ---------------------------------------------------------------------------------------------
# Chinese: no English word of the kit's own in `--spec-lang zh` output.
#
# An English word, precisely: a run of two or more ASCII letters that is not part of code, i.e. not inside the
# failure's code fields (call, reproduce, raised, where) or a `code span`, not adjacent to a character that makes
# it part of an expression or a name (`.`, `_`, `(`, `[`, `=`, `/`, `-`, quotes, braces, digits), and not one of
# NAMES (product, command and Python names that stay as they are in Chinese text) or TRANSLATION (words the
# Chinese translation's own headings keep in English, as the section titles quote them).

ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9_.\-'\"/\[{])[A-Za-z]{2,}(?![A-Za-z0-9_.(\[=/'\"}])")
NAMES = {"torch", "NotImplementedError", "pytorch", "nbclient", "ipykernel", "pip", "install", "ONNX", "CSV", "CUDA"}
NAMES |= {"In", "Fashion", "MNIST"}  # Jupyter's prompt "In [3]", the data set's name
NAMES |= {"nan", "inf"}  # float values as Python prints them: "[0, 6]=nan"
TRANSLATION = {"tensor", "Numpy", "Loop", "Lambda"}  # words of the Chinese translation's own headings: "和Numpy转换"


def english_words(text: str, code: tuple[str, ...] = ()) -> list[str]:
    """The English words of `text` (see above), once `code` (the code fields' lines) is taken out."""
    parts = sorted({line for field in code for line in field.splitlines() if line}, key=len, reverse=True)
    for part in parts:  # the longest first: a call is also the end of its reproduce line; whole names only
        text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(part)}(?![A-Za-z0-9_])", " ", text)
    text = re.sub(r"`[^`]*`|\{[^}]*\}", " ", text)
    return [word for word in ENGLISH_WORD.findall(text) if word not in NAMES | TRANSLATION]


def test_chinese_framing_of_every_kind_of_failure_has_no_english_word() -> None:
    kinds = [k for k in KINDS if k != "raised"]
    for kind in kinds:
        failure = Failure("one_hot", "one_hot(3)", "torch.int64", "torch.float32", kind=kind, reproduce="one_hot(3)")
        for values in (True, False):
            text = failure.render("zh", values=values)
            assert not english_words(text, (failure.call, failure.reproduce)), (kind, text)
    frame = "my.py:14 in one_hot: x"
    raised = Failure("one_hot", "one_hot(3)", "AttributeError: x", "", kind="raised", raised=frame, where="my.py:14")
    assert not english_words(raised.render("zh"), (raised.call, raised.raised, raised.where, raised.actual))
    assert english_words(raised.render("en"), (raised.call, raised.raised, raised.where, raised.actual))  # it can fail


def test_chinese_texts_and_statuses_of_the_kit_have_no_english_word() -> None:
    """The run's texts (the hints' commands, `python -m spec hint ...`, are code written without code spans)."""
    for key, texts in i18n.TEXTS.items():
        if not key.startswith("hint_"):
            assert not english_words(texts["zh"]), (key, texts["zh"])
    for state in status.STATES:
        assert not english_words(status.label(state, "zh", judged_by=["one_hot"])), state


# ---------------------------------------------------------------------------------------------
# Chinese: the pages' own prose (a failure's situation, expected and actual) has its Chinese in spec/prose.py.
#
# What is not prose, precisely (the only exemptions): the code fields (call, reproduce, raised, where); a field
# that is a Python expression (a value or code: `True`, `int`, `torch.float32`, `(3, 28, 28)`, `tensor([...])`,
# `files.load_tensors(False)[0]`), except a lone name that is not a builtin (`missing`, `equal` are words); a field
# that is Python's own error, `SomeError: its message` (a quotation of Python or torch); and the values a page's
# f-string filled into a translated template (the learner's printout, a CSV's lines, a version number).

PROSE_KEYWORDS = ("situation", "expected", "actual", "hint", "call")  # hint: check_unchanged's situation
PROSE_POSITIONS = (1, 2, 3, 5)  # Failure(concept, call, actual, expected, kind, situation): a call may be words too
PROSE_SOURCES = [
    path for part in ("pages", "helpers", "plugin") for path in sorted((ROOT / "spec" / part).glob("*.py"))
]
# Python's error as `str` gives it ("ValueError: msg") or as `repr` ("RuntimeError('msg')"); a type's repr.
PYTHON_ERROR = re.compile(
    r"[A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt)(?:: |\()"  # Python's, as str() and repr() give it
    r"|\w+: \[ONNXRuntimeError\]"  # onnxruntime's
    r"|<[^<>]*>$"  # an object's repr: <class 'str'>, <built-in method size of Tensor object at 0x7f...>
)
REPR = re.compile(r"['\"\[({]|[\w.]+\(")


def is_code(text: str) -> bool:
    """A value or code, not words: `text` parses as Python (`t=tensor(...)` too), and is not a lone non-builtin
    name; or it is a value's repr that short() cut ("'NeuralNetwork(...", "array([[False, ...")."""
    if text.endswith("...") and REPR.match(text):  # a value's repr cut short (spec/helpers/checks.py short)
        return True
    try:
        body = ast.parse(text.strip()).body
    except SyntaxError:
        return False
    lone = len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Name)
    return bool(body) and not (lone and not hasattr(builtins, body[0].value.id))


def template(node: ast.AST) -> str | None:
    """A string literal's text, or an f-string's template with each expression as written: "the CSV {lines}"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}" for v in node.values]
        return "".join(str(part) for part in parts)
    return None


@functools.cache  # both tests read the same ~45 modules (parsing them is most of their cost)
def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def prose_in_pages() -> dict[str, list[str]]:
    """Every prose text (English words, not code) a page or a helper passes as a failure's situation, expected or
    actual, with where: {text: ["test_transforms.py:120", ...]}. A text passed through a name (`situation=DURING`,
    `situation=title`) is found where the module gives that name a string: an assignment, a keyword argument, a
    parametrize list whose names include it."""
    found: dict[str, list[str]] = {}
    for path in PROSE_SOURCES:
        nodes = list(ast.walk(_parsed(path)))
        calls = [node for node in nodes if isinstance(node, ast.Call)]
        passed = [kw.value for call in calls for kw in call.keywords if kw.arg in PROSE_KEYWORDS]
        passed += [
            arg
            for call in calls
            if isinstance(call.func, ast.Name) and call.func.id == "Failure"
            for i, arg in enumerate(call.args)
            if i in PROSE_POSITIONS
        ]
        names = {value.id for value in passed if isinstance(value, ast.Name)}
        values = [value for value in passed if not isinstance(value, ast.Name)]
        for node in nodes:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:  # `name = "..."`, or `std, expected = ..., "..."`
                    pairs = [(target, node.value)]
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                        pairs = list(zip(target.elts, node.value.elts, strict=False))
                    values += [value for t, value in pairs if isinstance(t, ast.Name) and t.id in names]
        for call in calls:
            values += [kw.value for kw in call.keywords if kw.arg in names]
            parametrize = isinstance(call.func, ast.Attribute) and call.func.attr == "parametrize"
            if parametrize and call.args and isinstance(call.args[0], ast.Constant):
                if names & {n.strip() for n in str(call.args[0].value).split(",")} and len(call.args) > 1:
                    values += list(ast.walk(call.args[1]))
        for value in values:
            for node in ast.walk(value) if isinstance(value, (ast.IfExp, ast.BoolOp)) else [value]:
                text = template(node)
                if text and text == text.strip() and english_words(text) and not is_code(text):  # not a fragment
                    found.setdefault(text, []).append(f"{path.name}:{node.lineno}")
    return found


def not_prose(failure: Failure) -> tuple[str, ...]:
    """The parts of a failure that stay as they are in Chinese (see above): the code fields, the fields that are
    code or Python's error, and the values filled into a translated template."""
    parts = [failure.call, failure.reproduce, failure.raised, failure.where]
    for text in (failure.situation, failure.expected, failure.actual):
        if is_code(text) or PYTHON_ERROR.match(text):
            parts.append(text)
        elif found := prose.match(text):
            parts += found[1].values()
    return tuple(parts)


def _identifiers(paths: list[Path]) -> set[str]:
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, (ast.arg, ast.FunctionDef, ast.ClassDef)):
                names.add(node.arg if isinstance(node, ast.arg) else node.name)
    return names


# The names a Chinese sentence keeps as they are, as the Chinese translation does ("调用 model.eval()", "logits"):
# Python's keywords and builtins (True, None, IndexError), the contract's names, the names of the tutorial's code
# (the reference implementation's variables, attributes and functions: logits, dataloader, backward, image),
# abbreviations in capitals (CPU, PNG, RGB), and Python itself.
CODE_NAMES = (
    set(keyword.kwlist)
    | set(dir(builtins))
    | set(contract.CONTRACT)
    | _identifiers(sorted((ROOT / "reference").rglob("*.py")))
    | {"Python"}
)


def words_left(failure: Failure) -> list[str]:
    """The English words of the failure's Chinese message that are neither code nor a name: none, once translated.
    A name the failure's own code or values use (`tt`, `model.dropout.training`) is a name too."""
    own = set(re.findall(r"[A-Za-z_]\w*", " ".join(not_prose(failure))))
    return [
        word
        for word in english_words(failure.render("zh"), not_prose(failure))
        if word not in CODE_NAMES | own and not word.isupper()
    ]


@pytest.mark.slow  # parses 46 modules (~0.5 s): CI's guard, kept out of the quick tier's 20 s
def test_every_prose_text_of_the_pages_has_its_chinese() -> None:
    found = prose_in_pages()
    assert "one channel for grayscale" in found and "the CSV {lines}" in found  # the scan reads literals, f-strings
    missing = {text: where for text, where in found.items() if text not in prose.ZH}
    assert not missing, "no Chinese in spec/prose.py for:\n" + "\n".join(
        f"  {t!r} ({w[0]})" for t, w in missing.items()
    )


@pytest.mark.slow  # the same parse as above
def test_every_chinese_text_translates_a_text_some_page_writes() -> None:
    """No entry left behind by an edited page: each key is a string (or f-string template) of a page or helper."""
    written = {
        text for path in PROSE_SOURCES for node in ast.walk(_parsed(path)) if (text := template(node)) is not None
    }
    assert not set(prose.ZH) - written, sorted(set(prose.ZH) - written)


def test_every_section_title_a_failure_names_is_chinese_in_chinese() -> None:
    for name in [*contract.CONTRACT, *contract.PAGES]:
        text = contract.section(name).text("zh")
        assert text.startswith("教程 ") and not english_words(text), (name, text)


def test_a_translated_failure_keeps_its_values_and_a_value_stays_as_it_is() -> None:
    failure = Failure(
        "to_tensor",
        "to_tensor(img).shape",
        "(28, 28)",
        "(1, 28, 28)",
        kind="shape",
        situation="one channel for grayscale",
    )
    assert "(灰度图只有一个通道)" in failure.render("zh") and "(28, 28)" in failure.render("zh")
    assert not words_left(failure)
    csv = Failure("CustomImageDataset", "len(dataset)", "6", "7", situation="the CSV ['a.png,0', 'b.png,1']")
    assert "(CSV ['a.png,0', 'b.png,1'])" in csv.render("zh")
    assert prose.translate("True", "zh") == "True" and prose.translate("one channel for grayscale", "en") == (
        "one channel for grayscale"
    )
    untranslated = Failure("to_tensor", "to_tensor(img)", "1", "2", situation="a situation nobody translated")
    assert words_left(untranslated) == ["situation", "nobody", "translated"]  # the corpus test below can fail


@pytest.mark.slow
@pytest.mark.parametrize("mutant", WRONG_SAMPLE)
def test_no_english_left_in_chinese_failures_over_the_corpus(mutant: Path, outcomes: dict[str, Any]) -> None:
    left = []
    for name, test in outcomes[str(mutant)]["tests"].items():
        failure = Failure.from_dict(test.get("failure"))
        if failure is not None and (words := words_left(failure)):
            left.append(f"{name.split('::')[-1]}: {words}\n{failure.render('zh')}")
    assert not left, "\n\n".join(left)
