"""Meta-tests of what a submission's name, code and environment may not decide (issue 27, items 3-6).

The quick ones check the pieces in-process: the fixed module name a learner's file is imported under
(spec/loading/impl.py), the fingerprint and the guard (spec/teacher/trust.py), the captured comparisons of
spec/helpers/checks.py, the rerun key and the teacher's arguments (spec/teacher/grade.py). The graded probes
are files of the hostile corpus (meta/hostile/, test_hostile.py); a grading run is in test_grade.py.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch

from meta.proc import ROOT, fresh
from spec.helpers import checks
from spec.helpers.calls import Call
from spec.loading import impl
from spec.teacher import grade, trust

pytestmark = pytest.mark.meta

# Names that a learner's main file must not take over: the kit, its reference, and what the kit imports.
# (numpy.py, hypothesis.py and pytest.py are graded in the hostile corpus, meta/hostile/tensors/.)
SHADOWED = ("spec", "reference", "torch", "inspect")


@pytest.fixture
def loaded_cleanly() -> Iterator[None]:
    """Whatever load_module registers and appends is undone after the test."""
    path, module = list(sys.path), sys.modules.get(impl.MODULE_NAME)
    yield
    sys.path[:] = path
    if module is None:
        sys.modules.pop(impl.MODULE_NAME, None)
    else:
        sys.modules[impl.MODULE_NAME] = module


@pytest.mark.parametrize("name", SHADOWED)
def test_a_file_named_like_a_module_is_imported_under_the_fixed_name(
    name: str, tmp_path: Path, loaded_cleanly: None
) -> None:
    before = sys.modules.get(name)
    (tmp_path / f"{name}.py").write_text("def add_inplace(t, value):\n    t += value\n    return t\n")
    module = impl.load_module(str(tmp_path / f"{name}.py"))
    assert module.__name__ == impl.MODULE_NAME and sys.modules[impl.MODULE_NAME] is module
    assert sys.modules.get(name) is before, f"{name}.py replaced sys.modules[{name!r}]"
    assert module.add_inplace(1, 2) == 3
    # its folder comes after the installed modules: `import inspect` elsewhere never finds the learner's file
    assert sys.path[-1] == str(tmp_path) and str(tmp_path) not in sys.path[:-1]


def test_the_fixed_module_name_is_no_module_anyone_imports() -> None:
    assert impl.MODULE_NAME not in sys.stdlib_module_names
    assert impl.MODULE_NAME.split(".")[0] not in {"spec", "reference", "torch", "numpy", "hypothesis", "pytest"}
    assert importlib.util.find_spec(impl.MODULE_NAME) is None


def test_a_helper_file_named_like_an_installed_module_is_named_as_the_cause(
    tmp_path: Path, loaded_cleanly: None
) -> None:
    """The learner's folder comes after the installed modules, so `from json import mine` gets the standard
    library's json: the message names their json.py as the likely cause."""
    (tmp_path / "json.py").write_text("def mine():\n    return 1\n")
    (tmp_path / "solution.py").write_text("from json import mine\n")
    with pytest.raises(impl.ImplImportError, match=r"the cause may be the file name json\.py.*rename your json\.py"):
        impl.load_module(str(tmp_path / "solution.py"))


@pytest.mark.slow  # a fresh interpreter, ~0.3 s
def test_python_m_spec_in_a_folder_with_files_named_like_modules_runs_the_kit(tmp_path: Path) -> None:
    """`python -m spec` puts its folder first on sys.path; a learner's typing.py or argparse.py there must not
    be imported in place of the standard library's (spec/__init__.py moves the folder last)."""
    for name in ("typing", "argparse", "inspect"):
        (tmp_path / f"{name}.py").write_text(f"raise SystemExit('the learner\\'s {name}.py was imported')\n")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    proc = fresh([sys.executable, "-m", "spec", "new", "mine.py"], cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "mine.py").exists()
    # Out of the kit's reach (docs/trust.md): Python finds a spec.py there before the kit, and runs it.
    (tmp_path / "spec.py").write_text("print('the learner\\'s spec.py ran')\n")
    proc = fresh([sys.executable, "-m", "spec", "new", "other.py"], cwd=tmp_path, env=env)
    assert "the learner's spec.py ran" in proc.stdout and not (tmp_path / "other.py").exists()


# -- lies a submission could tell cheaply (item 4) ------------------------------------------------------------


class Agreeable(torch.Tensor):
    """A tensor that says "equal" to every comparison (meta/hostile/tensors/tensor_subclass.py's liar)."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):  # noqa: ANN001, ANN206
        if func in (torch.isclose, torch.eq, torch.equal, torch.allclose, torch.Tensor.eq, torch.Tensor.__eq__):
            plain = [a.as_subclass(torch.Tensor) if isinstance(a, torch.Tensor) else a for a in args]
            out = func(*plain, **(kwargs or {}))
            return torch.ones_like(out) if isinstance(out, torch.Tensor) else True
        return super().__torch_function__(func, types, args, kwargs)


def test_a_rejection_from_a_contract_function_is_raised_as_rejected(tmp_path: Path, loaded_cleanly: None) -> None:
    """hypothesis' reject() inside the learner's function: hypothesis would avoid the input; the plugin fails
    the test on impl.Rejected (reject_wrong_inputs.py is the graded probe)."""
    source = "from hypothesis.errors import UnsatisfiedAssumption\n\ndef from_data(data):\n"
    (tmp_path / "mine.py").write_text(source + "    raise UnsatisfiedAssumption('reject() in from_data')\n")
    wrapped = impl.Impl(impl.load_module(str(tmp_path / "mine.py")), "mine.py")
    with pytest.raises(impl.Rejected, match="reject"):
        wrapped.from_data([1])


def test_a_tensor_subclass_fails_check_tensor_with_a_type_message() -> None:
    liar = torch.zeros(3, 5).as_subclass(Agreeable)
    with pytest.raises(checks.SpecFailure) as caught:
        checks.check_tensor_equal(liar, torch.ones(3, 5), call=Call.of("from_data", "x"))
    failure = caught.value.failure
    assert failure.kind == "type" and "Agreeable" in failure.actual and "subclass of torch.Tensor" in failure.actual


def test_torchs_own_tensor_types_pass_check_tensor() -> None:
    """A parameter, and torchvision's tv_tensors.Image (v2.ToImage's result: right_to_tensor_v2_to_image_to_dtype)."""
    from torchvision import tv_tensors

    for value in (torch.nn.Parameter(torch.ones(3, 5)), tv_tensors.Image(torch.ones(3, 5, 2))):
        checks.check_tensor_equal(value, torch.ones(value.shape), call=Call.of("to_tensor", "x"))


def test_the_checks_compare_with_the_functions_taken_before_any_submission(monkeypatch: pytest.MonkeyPatch) -> None:
    """torch.isclose, which torch.testing.assert_close looks up when called, is not captured: the fingerprint
    names its rebinding when grading (below), and `spec check` does not stop it (docs/trust.md)."""
    monkeypatch.setattr(torch.testing, "assert_close", lambda *args, **kwargs: None)
    monkeypatch.setattr(torch, "equal", lambda a, b: True)
    with pytest.raises(checks.SpecFailure, match="has wrong values"):
        checks.check_tensor_equal(torch.zeros(3, 5), torch.ones(3, 5), call=Call.of("from_data", "x"))
    with pytest.raises(checks.SpecFailure):
        checks.check_unchanged(torch.zeros(3), torch.ones(3), call=Call.of("add_inplace", "t", "1"))


@pytest.fixture(scope="module")
def fingerprint() -> trust.Fingerprint:
    """One walk of the watched modules (~0.1 s), shared by the tests below; each undoes its own change. A page
    is imported first, as the grader's warm-up imports them all."""
    importlib.import_module("spec.pages.test_tensors")
    return trust.Fingerprint()


@pytest.mark.slow  # the fingerprint's walk, with a page imported: ~0.4 s once
@pytest.mark.parametrize(
    ("owner", "name", "label"),
    [
        (torch, "isclose", "torch.isclose"),
        (torch.testing, "assert_close", "torch.testing.assert_close"),
        (torch.Tensor, "__eq__", "torch.Tensor.__eq__"),
        (checks, "check_equal", "spec.helpers.checks.check_equal"),
    ],
)
def test_the_fingerprint_names_a_rebound_comparison(
    fingerprint: trust.Fingerprint, monkeypatch: pytest.MonkeyPatch, owner: object, name: str, label: str
) -> None:
    assert fingerprint.changed() == []
    monkeypatch.setattr(owner, name, lambda *args, **kwargs: True, raising=False)
    assert label in fingerprint.changed()


@pytest.mark.slow  # the fingerprint's walk, with a page imported: ~0.4 s once
def test_the_fingerprint_watches_the_pages_and_hypothesis(fingerprint: trust.Fingerprint) -> None:
    labels = {label for label, *_ in fingerprint.names}
    assert "hypothesis.core.StateForActualGivenExecution.execute_once" in labels
    assert any(label.startswith("spec.pages.test_tensors.check_") for label in labels)


@pytest.mark.slow  # the fingerprint's walk, with a page imported: ~0.4 s once
def test_the_fingerprint_names_a_tracer_left_installed(fingerprint: trust.Fingerprint) -> None:
    before = sys.gettrace()
    sys.settrace(lambda *args: None)
    try:
        changed = fingerprint.changed()
    finally:
        sys.settrace(before)
    assert "sys.settrace (a tracer)" in changed and fingerprint.changed() == []


def test_a_replacement_is_trusted_by_where_its_file_is_not_by_a_folder_name(tmp_path: Path) -> None:
    assert trust._trusted(torch.testing.assert_close.__code__.co_filename)
    assert not trust._trusted(str(tmp_path / "torch" / "solution.py"))
    assert not trust._trusted(str(tmp_path / "hypothesis" / "solution.py"))


# -- the teacher's input, checked first (item 6) --------------------------------------------------------------


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    grade.add_arguments(parser)
    return parser.parse_args(argv)


def make_folder(root: Path) -> Path:
    cls = root / "class"
    cls.mkdir()
    (cls / "alice.py").write_text("def add_inplace(t, value):\n    return t\n")
    return cls


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--jobs", "0"], "--jobs 0 is below 1"),
        (["--jobs", "-1"], "--jobs -1 is below 1"),
        (["--timeout", "0"], "--timeout 0 is below 1"),
        (["--wall", "0.5"], "--wall 0.5 is below 1"),
        (["--memory", "-2"], "--memory -2 is below 1"),
        (["-m", "cpu and ("], "Wrong expression passed to '-m': cpu and (: at column 10: expected not OR left paren"),
    ],
)
def test_a_bad_option_is_one_line_and_exit_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], said: str
) -> None:
    cls = make_folder(tmp_path)
    assert grade.main([str(cls), "--out", str(tmp_path / "out"), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("spec grade: ") and said in err and err.count("\n") == 1, err
    assert not (tmp_path / "out" / "alice.json").exists()


def test_out_inside_the_submissions_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`spec grade CLASS --out CLASS/out` would grade its own reports folder `out` as a submission."""
    cls = make_folder(tmp_path)
    assert grade.main([str(cls), "--out", str(cls / "out")]) == 2
    assert "is inside the submissions folder" in capsys.readouterr().err
    with pytest.raises(grade.InputError, match="inside the submissions folder"):
        grade.check_arguments(parse(str(cls / "alice.py"), str(cls), "--out", str(cls)))


def test_an_out_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    cls = make_folder(tmp_path)
    (tmp_path / "a_file").write_text("")
    with pytest.raises(grade.InputError, match="cannot write to --out .*a_file"):
        grade.check_arguments(parse(str(cls), "--out", str(tmp_path / "a_file" / "out")))


def test_a_submission_given_twice_is_named_and_kept_once(tmp_path: Path) -> None:
    cls = make_folder(tmp_path)
    twice: list[str] = []
    subs = grade.find_submissions([cls, cls / "alice.py"], given_twice=twice)
    assert [s.name for s in subs] == ["alice"] and twice == [f"alice ({cls / 'alice.py'})"]


def test_two_submissions_of_one_name_are_an_input_error(tmp_path: Path) -> None:
    cls = make_folder(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "alice.py").write_text("")
    with pytest.raises(grade.InputError, match="two submissions are named 'alice'"):
        grade.find_submissions([cls, other])


def test_a_symlink_out_of_the_submissions_folder_is_refused_unread(tmp_path: Path) -> None:
    cls = make_folder(tmp_path)
    (cls / "mallory.py").symlink_to("/etc/passwd")
    (cls / "carol").mkdir()
    (cls / "carol" / "solution.py").symlink_to(cls / "alice.py")  # a classmate's file: outside carol/
    (cls / "dave").mkdir()
    (cls / "dave" / "solution.py").write_text("")
    (cls / "dave" / "data.py").symlink_to(cls / "dave" / "solution.py")  # inside dave/: fine
    (cls / "erin").symlink_to(tmp_path, target_is_directory=True)  # a folder outside the class
    (cls / "frank.py").symlink_to(cls / "alice.py")  # a file within the class folder: fine
    subs = {s.name: s for s in grade.find_submissions([cls])}
    assert "/etc/passwd" in subs["mallory"].problem and "symbolic link" in subs["mallory"].problem
    assert "symbolic link" in subs["carol"].problem and "symbolic link" in subs["erin"].problem
    assert subs["dave"].problem is None and subs["frank"].problem is None and subs["alice"].problem is None
    report = grade.problem_report(subs["mallory"], "cpu")
    assert "root:" not in json.dumps(report)


# -- reruns by content (item 5) ---------------------------------------------------------------------------------


def test_the_files_digest_follows_the_bytes_not_the_times(tmp_path: Path) -> None:
    cls = make_folder(tmp_path)
    alice = grade.find_submissions([cls])[0]
    first = grade.files_digest(alice)
    os.utime(cls / "alice.py", (1, 1))  # touched: the same bytes
    assert grade.files_digest(alice) == first
    copy = tmp_path / "copy.py"
    copy.write_text("def add_inplace(t, value):\n    t += value\n    return t\n")
    os.utime(copy, (1, 1))
    shutil.copy2(copy, cls / "alice.py")  # cp -p: other bytes, an older time
    assert grade.files_digest(alice) != first


def test_a_report_is_up_to_date_only_for_the_same_files_selection_and_limits(tmp_path: Path) -> None:
    cls = make_folder(tmp_path)
    alice = grade.find_submissions([cls])[0]
    alice.digest = grade.files_digest(alice)
    key = grade.grading_key(parse(str(cls), "--out", str(tmp_path / "out")))
    report = tmp_path / "alice.json"
    report.write_text(json.dumps({"status": "pass", "grading": {**key, "files": alice.digest}}))
    assert grade.up_to_date(report, alice, key)
    for changed in (["-m", "cpu and tensors"], ["--timeout", "30"], ["--memory", "2"], ["--wall", "60"]):
        other = grade.grading_key(parse(str(cls), "--out", str(tmp_path / "out"), *changed))
        assert not grade.up_to_date(report, alice, other), changed
    # the language changes words, never verdicts: a class's English reports start its Chinese grading
    assert grade.up_to_date(report, alice, grade.grading_key(parse(str(cls), "--out", "o", "--lang", "zh")))
    alice.digest = "another"
    assert not grade.up_to_date(report, alice, key)
    report.write_text(json.dumps({"status": "pass"}))  # a report of before this key: graded again
    assert not grade.up_to_date(report, alice, key)


# -- what the grader's environment and command line hold (item 6) ---------------------------------------------


def test_the_graders_secrets_are_scrubbed_from_a_report() -> None:
    argv = ["/venv/bin/python", "-m", "spec", "grade", "cls/", "--out", "out", "--scheduler", "tcp://10.0.0.5:8786"]
    secrets = grade.grader_secrets({"SECRET_TOKEN": "ghp_abc123xyz", "HOME": "/home/teacher", "CI": "1"}, argv)
    report = {
        "message": "your code printed ghp_abc123xyz",
        "tests": [{"output": f"{' '.join(argv)}\n{argv!r}\n" + "\0".join(argv), "message": "/home/teacher/x.py"}],
        "implementation": {"target": "/home/teacher/cls/a.py", "path": "/home/teacher/cls/a.py"},
    }
    scrubbed = json.dumps(grade.scrub_report(report, secrets))
    assert "ghp_abc123xyz" not in scrubbed and "$SECRET_TOKEN" in scrubbed
    assert "tcp://10.0.0.5" not in scrubbed and "[the grader's command line]" in scrubbed
    assert "/home/teacher/x.py" in scrubbed  # HOME is no secret: paths stay readable


# -- known holes, pinned so that docs/trust.md stays true --------------------------------------------------------


def test_known_hole_a_page_that_compares_by_itself_asks_the_subclass(tmp_path: Path) -> None:
    """check_tensor refuses a subclass; a condition a page computes itself (`check(bool((out == 1).all()))`) is
    answered by the subclass's __torch_function__. If this fails, the hole is closed: update docs/trust.md."""
    liar = torch.zeros(3, 5).as_subclass(Agreeable)
    checks.check(bool((liar == torch.ones(3, 5)).all()), call=Call.of("from_data", "x"), actual=liar, expected="1")


def test_known_hole_only_contract_functions_are_wrapped(tmp_path: Path, loaded_cleanly: None) -> None:
    """A contract class is handed over as it is: its methods' reject() or skip is not turned into a failure at
    the call (the plugin still fails a skip that reaches it). If this fails, update docs/trust.md."""
    (tmp_path / "mine.py").write_text("class NeuralNetwork:\n    pass\n\ndef add_inplace(t, value):\n    return t\n")
    module = impl.load_module(str(tmp_path / "mine.py"))
    wrapped = impl.Impl(module, "mine.py")
    assert wrapped.NeuralNetwork is module.NeuralNetwork and wrapped.add_inplace is not module.add_inplace


def test_known_hole_spec_check_can_be_fooled_through_torch_isclose(monkeypatch: pytest.MonkeyPatch) -> None:
    """torch.testing.assert_close looks torch.isclose up when it is called: in `spec check`, where no fingerprint
    runs, a file that rebinds it fools its own check (the grader names the rebinding: patch_isclose.py)."""
    monkeypatch.setattr(torch, "isclose", lambda a, b, **kwargs: torch.ones(a.shape, dtype=torch.bool))
    checks.check_tensor_equal(torch.zeros(3, 5), torch.ones(3, 5), call=Call.of("from_data", "x"))
