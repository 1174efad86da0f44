"""Meta-tests of what a submission's name, code and environment may not decide (issue 27, items 3-6).

The quick ones check the pieces in-process: the fixed module name a learner's file is imported under
(spec/loading/impl.py), the fingerprint and the guard (spec/teacher/trust.py), the captured comparisons of
spec/helpers/checks.py, the rerun key and the teacher's arguments (spec/teacher/grade.py). The graded probes
are files of the hostile corpus (meta/hostile/, test_hostile.py); a grading run is in test_grade.py.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch

from meta.proc import ROOT, fresh
from spec.helpers import checks
from spec.helpers.calls import Call
from spec.loading import impl
from spec.teacher import trust

pytestmark = pytest.mark.meta

# Names that a learner's main file must not take over: the kit, its reference, and what the kit imports.
SHADOWED = ("spec", "reference", "torch", "numpy", "inspect", "hypothesis", "pytest", "typing")


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
    with pytest.raises(checks.SpecFailure, match="elements differ"):
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
