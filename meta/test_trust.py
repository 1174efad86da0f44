"""Meta-tests of what a submission's name, code and environment may not decide (issue 27, items 3-6).

The quick ones check the pieces in-process: the fixed module name a learner's file is imported under
(spec/loading/impl.py), the fingerprint and the guard (spec/teacher/trust.py), the captured comparisons of
spec/helpers/checks.py, the rerun key and the teacher's arguments (spec/teacher/grade.py). The graded probes
are files of the hostile corpus (meta/hostile/, test_hostile.py); a grading run is in test_grade.py.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from meta.proc import ROOT, fresh
from spec.loading import impl

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
    import importlib.util

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
