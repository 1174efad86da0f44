"""Meta-tests: the spec rejects realistic wrong implementations and accepts differently written right ones.

Each file under meta/mutants/<page>/ is a learner's module defining a few contract names. Its
docstring says what the spec must do with it, one line per expectation:

    expect: fail test_one_hot_has_single_one_at_label   (this test must fail; repeatable)
    expect: pass                                        (no test fails; its names' tests pass)

The files are run through `--impl` exactly as a learner runs them (meta/runner.py): a right one
against the quick tier of its page, a wrong one against the tests its docstring names. Files under
<page>/gpu/ differ from a right one only on a CUDA machine; they are gpu tests (skipped with a reason
elsewhere).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from meta.runner import expect_lines, named_failures
from spec.contract import CONTRACT

MUTANTS = Path(__file__).parent / "mutants"
pytestmark = [pytest.mark.slow, pytest.mark.meta]


def expectations(path: Path) -> tuple[list[str], bool]:
    """(tests that must fail, must pass) from the module docstring's `expect:` lines."""
    fails, passes = named_failures(path), "pass" in expect_lines(path)
    if bool(fails) == passes:
        raise ValueError(f"{path}: say either `expect: pass` or one or more `expect: fail TEST` in the docstring")
    return fails, passes


def defined_names(path: Path) -> set[str]:
    """Contract names the file defines at top level."""
    tree = ast.parse(path.read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names & set(CONTRACT)


def _params() -> list[Any]:
    params = []
    for path in sorted(MUTANTS.glob("*/*.py")):
        page = path.parent.name
        params.append(pytest.param(path, id=f"{page}/{path.stem}", marks=getattr(pytest.mark, page)))
    # Mutants that only show on a CUDA machine: gpu tests (skipped with a reason without CUDA).
    for path in sorted(MUTANTS.glob("*/gpu/*.py")):
        page = path.parent.parent.name
        params.append(
            pytest.param(path, id=f"{page}/gpu/{path.stem}", marks=[getattr(pytest.mark, page), pytest.mark.gpu])
        )
    return params


def _summary(result: dict[str, Any]) -> str:
    lines = [
        f"  {outcome:<16}{nodeid.split('::', 1)[-1]}"
        for nodeid, outcome in ((n, t["outcome"]) for n, t in result["tests"].items())
        if outcome != "skipped"
    ]
    return "\n".join(lines) or f"  (no tests ran; log:)\n{result['log']}"


@pytest.mark.parametrize("mutant", _params())
def test_mutant_gets_the_verdict_its_docstring_states(mutant: Path, outcomes: dict[str, Any]) -> None:
    fails, passes = expectations(mutant)
    result = outcomes[str(mutant)]
    tests = result["tests"]
    # A right file must run within the limits; a wrong one may also blow one (a wrong model's outputs can be
    # huge), as long as the tests its docstring names failed before.
    if passes:
        assert result["error"] is None, f"{mutant.name}: {result['error']}:\n{result['log']}"
        assert result["exit_code"] in (0, 1), f"pytest exited {result['exit_code']} on {mutant.name}:\n{result['log']}"
    failed = {
        nodeid.split("::")[-1].split("[")[0] for nodeid, t in tests.items() if t["outcome"] in ("failed", "error")
    }
    if passes:
        assert not failed, f"a right implementation was rejected by {sorted(failed)}:\n{_summary(result)}"
        defined = defined_names(mutant)
        not_impl = {t["message"] for t in tests.values() if t["outcome"] == "not implemented"}
        wrongly = [n for n in defined if any(f"not implemented: {n} " in m for m in not_impl)]
        assert not wrongly, f"{wrongly} reported not implemented although {mutant.name} defines them"
        assert any(t["outcome"] == "passed" for t in tests.values()), f"no test passed:\n{_summary(result)}"
    else:
        missing = [name for name in fails if name not in failed]
        assert not missing, (
            f"{mutant.name} should be rejected by {missing}, but those did not fail; "
            f"failed: {sorted(failed) or 'nothing'}:\n{_summary(result)}"
        )
