"""Meta-tests of the situation inventory (spec/situations.py): every contract name has every axis, each with tests
that exist and use that name, or a reason; no gap is left; every decision names a contract name and real tests.

The pages are read with `ast`, not imported: a test renamed or deleted fails here at once. A test "uses" a name
when its source, its decorators or a module-level helper, fixture or table it refers to (followed through the
page's own module and the spec.pages modules it imports from) spells `impl.<name>`, `Call.of("<name>"` or
`"<name>"` (a name handed to getattr(impl, name) by a parametrization or a table).
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from spec.contract import CONTRACT
from spec.situations import AXES, DECISIONS, INVENTORY, Covered, Gap, NotApplicable

pytestmark = pytest.mark.meta
ROOT = Path(__file__).resolve().parents[1]


@cache
def _module(path: str) -> tuple[list[str], dict[str, ast.AST]]:
    """(source lines, top-level name -> its def, class or assignment) of a spec/pages module, with the names it imports
    from other spec.pages modules resolved to their definitions there."""
    source = (ROOT / path).read_text(encoding="utf-8")
    tree = ast.parse(source)
    names: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update({t.id: node for t in targets if isinstance(t, ast.Name)})
    return source.splitlines(), names


@cache
def _imported(path: str) -> dict[str, str]:
    """name -> the spec/pages module file it is imported from (`from spec.pages.x import name`)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return {
        alias.asname or alias.name: f"spec/pages/{node.module.rsplit('.', 1)[1]}.py"
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("spec.pages.")
        for alias in node.names
    }


@cache
def _definition(path: str, name: str) -> tuple[str, frozenset[tuple[str, str]]]:
    """(the source of a module-level definition with its decorators, the (module, name) definitions it refers to:
    its own module's, and those it imports from other spec.pages modules)."""
    lines, defs = _module(path)
    node = defs[name]
    text = "\n".join(
        "\n".join(lines[n.lineno - 1 : n.end_lineno]) for n in [*getattr(node, "decorator_list", []), node]
    )
    imported = _imported(path)
    refs = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    refs |= {n.arg for n in ast.walk(node) if isinstance(n, ast.arg)}  # fixtures, by their parameter names
    deps = {(path, ref) for ref in refs if ref in defs and ref != name}
    deps |= {
        (imported[ref], ref)
        for ref in refs
        if ref in imported and (ROOT / imported[ref]).is_file() and ref in _module(imported[ref])[1]
    }
    return text, frozenset(deps)


@cache
def _test_text(test_id: str) -> str | None:
    """The source a test runs of the kit's pages: the test, its decorators, and every module-level helper, fixture
    or table it refers to, followed transitively; None when the test does not exist."""
    path, name = test_id.split("::")
    if not (ROOT / path).is_file() or not isinstance(_module(path)[1].get(name), ast.FunctionDef):
        return None
    texts, seen, todo = [], set(), [(path, name)]
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        text, deps = _definition(*key)
        texts.append(text)
        todo += deps - seen
    return "\n".join(texts)


def _uses(text: str, name: str) -> bool:
    return re.search(rf'\bimpl\.{name}\b|Call\.of\(\s*"{name}"|"{name}"', text) is not None


def test_every_contract_name_has_an_inventory() -> None:
    assert sorted(INVENTORY) == sorted(CONTRACT), "spec/situations.py INVENTORY: one entry per contract name"


def test_every_axis_has_tests_or_a_reason() -> None:
    """One test for all 35 names (each a parametrized item would cost the quick tier more than the check)."""
    problems = []
    for name in sorted(CONTRACT):
        entries = INVENTORY.get(name, {})
        missing = [axis for axis in AXES if axis not in entries]
        unknown = [axis for axis in entries if axis not in AXES]
        if missing or unknown:
            problems.append(f"{name}: axes missing {missing}, unknown {unknown}")
        for axis, entry in entries.items():
            if isinstance(entry, Gap):
                problems.append(f"{name}, {AXES[axis]}: a gap, {entry.missing}: add a test or a reason")
            elif isinstance(entry, Covered) and not entry.ids:
                problems.append(f"{name}, {axis}: Covered() names no test")
            elif isinstance(entry, NotApplicable) and not entry.reason.strip():
                problems.append(f"{name}, {axis}: an empty reason")
            elif not isinstance(entry, (Covered, NotApplicable, Gap)):
                problems.append(f"{name}, {axis}: {entry!r} is neither Covered nor a reason")
    assert not problems, "spec/situations.py INVENTORY:\n" + "\n".join(problems)


def _citations() -> list[tuple[str, str, str]]:
    """(name, axis or 'decision', test id) for every test the inventory and the decisions cite."""
    cited = [
        (name, axis, test_id)
        for name, entries in INVENTORY.items()
        for axis, entry in entries.items()
        if isinstance(entry, Covered)
        for test_id in entry.ids
    ]
    return cited + [(d.name, "decision", test_id) for d in DECISIONS for test_id in d.tests]


@pytest.mark.slow  # reads every page with ast: ~0.3 s of CPU, over the quick tier's ~0.1 s a test
def test_every_cited_test_exists_and_uses_its_name() -> None:
    problems = []
    for name, axis, test_id in _citations():
        text = _test_text(test_id)
        if text is None:
            problems.append(f"{name}, {axis}: {test_id} does not exist")
        elif not _uses(text, name):
            problems.append(f"{name}, {axis}: {test_id} never uses {name}")
    assert not problems, "spec/situations.py cites:\n" + "\n".join(problems)


def test_decisions_name_contract_names_and_say_open_or_decided() -> None:
    for d in DECISIONS:
        assert d.name in CONTRACT, f"{d.name}: not a contract name"
        assert d.status in ("open", "decided"), f"{d.name}: {d.question}: status {d.status!r}"
        assert d.question and d.rule, f"{d.name}: a decision needs its question and its rule"
        if d.status == "decided":
            assert d.tests, f"{d.name}: {d.question}: a decided rule names the test that pins it"


@pytest.mark.slow
def test_the_meta_test_finds_a_missing_and_an_unused_test() -> None:
    """The resolver itself: a test that does not exist, and one that exists but is about another name."""
    assert _test_text("spec/pages/test_tensors.py::test_no_such_test") is None
    text = _test_text("spec/pages/test_tensors.py::test_from_data_keeps_nesting_as_shape")
    assert text is not None and _uses(text, "from_data") and not _uses(text, "rand_like")
    # A helper of another page, imported: export_onnx's tests reach impl.onnx_predict through _predict.
    text = _test_text("spec/pages/test_persistence_onnx_predict.py::test_onnx_predict_accepts_a_float32_array")
    assert text is not None and _uses(text, "onnx_predict")
