"""Meta-tests of the kit's layout (ARCHITECTURE.md): each layer imports only those below it, with no loop, no
import by string and no import inside a function between the kit's own modules; the run state imports no torch.

Read from the source with `ast`, so a new module is held to the same rules the day it is written.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

# slow: reading every kit module (~0.6 s) and a subprocess; the quick tier is the learner's loop, CI runs these.
pytestmark = [pytest.mark.meta, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec"

# Layers, bottom first: a module may import its own layer and those below it. ARCHITECTURE.md says the same.
LAYERS = [
    # the vocabulary: contract names, sections, words, page prose in Chinese, assignments, passages, situations
    ("spec.contract", "spec.i18n", "spec.prose", "spec.assignment", "spec.passages", "spec.situations"),
    ("spec.loading",),  # loading the implementation under test
    ("spec.results",),  # the result model, the run state and the renderings
    ("spec.helpers",),  # what the pages are written with
    ("spec.pages",),  # the specification
    ("spec.plugin",),  # what runs inside pytest
    ("spec.learner", "spec.teacher"),  # the front ends
    ("spec.__main__", "spec"),  # the command line and `from spec import check`
]
# Imports inside a function between kit modules, each with its reason (the issue allows none but these).
LAZY = {
    ("spec", "spec.learner.check_live"): "`import spec` runs in every pytest session (the entry point's package)",
    ("spec.__main__", "spec.learner.check_file"): "`python -m spec new` must not import pytest (0.3 s against 1.3 s)",
    ("spec.__main__", "spec.teacher.grade"): "`python -m spec new` and `check` must not import torch with the grader",
    ("spec.__main__", "spec.teacher.assign"): "`python -m spec new` and `check` must not import the teacher's tools",
    ("spec.__main__", "spec.learner.hint"): "`spec new` must not import pytest (hint runs a check at level 2)",
    ("spec", "spec.learner.hint"): "`import spec` runs in every pytest session; check.hint() is the notebook's",
    ("spec.__main__", "spec.learner.watch"): "`python -m spec check` must not import torch and every page to warm up",
}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _rank(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes if p != "spec"):
            return rank
    if module == "spec":
        return len(LAYERS) - 1
    raise AssertionError(f"{module} belongs to no layer: add its package to LAYERS and to ARCHITECTURE.md")


MODULES = {_module(path) for path in SPEC.rglob("*.py")}


def _imports(node: ast.AST) -> list[str]:
    """The kit modules an import statement imports: `from spec.results import report` imports spec.results.report,
    `from spec.results.model import TestResult` imports spec.results.model."""
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.split(".")[0] == "spec":
        return [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module for a in node.names]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split(".")[0] == "spec"]
    return []


def _graph() -> dict[str, tuple[set[str], set[str]]]:
    """module -> (kit modules imported at the top level, kit modules imported inside a function)."""
    graph = {}
    for path in sorted(SPEC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {name for node in tree.body for name in _imports(node)}
        inner = {
            name
            for fn in ast.walk(tree)
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
            for node in ast.walk(fn)
            for name in _imports(node)
        }
        graph[_module(path)] = (top, inner)
    return graph


GRAPH: dict = {}  # module -> (imports at the top, imports inside functions); read by the first test that asks


def graph() -> dict:
    if not GRAPH:
        GRAPH.update(_graph())
    return GRAPH


def test_each_layer_imports_only_the_layers_below_it() -> None:
    upward = [
        f"{module} (layer {_rank(module)}) imports {name} (layer {_rank(name)})"
        for module, (top, inner) in graph().items()
        for name in top | inner
        if _rank(name) > _rank(module)
    ]
    assert not upward, upward


def test_no_import_inside_a_function_between_the_kits_modules() -> None:
    lazy = {
        (module, name)
        for module, (_, inner) in graph().items()
        for name in inner
        if not module.startswith("spec.pages")
    }
    assert lazy <= set(LAZY), sorted(lazy - set(LAZY))


def test_no_import_loop_between_the_kits_modules() -> None:
    edges = {module: {name for name in top if name != module} for module, (top, _) in graph().items()}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError(f"import loop: {' -> '.join([*path[path.index(module) :], module])}")
        if module in done:
            return
        for name in sorted(edges[module]):
            visit(name, [*path, module])
        done.add(module)

    for module in sorted(edges):
        visit(module, [])


def test_no_kit_module_is_imported_by_a_string() -> None:
    """`__import__("spec...")` or `import_module("spec...")` hides a dependency from readers and from the tests above.
    The engine's warm-up imports the page files it finds (spec/teacher/engine/warmup.py: page_modules)."""
    found = []
    for path in sorted(SPEC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "__import__",
                "import_module",
            ):
                first = node.args[0] if node.args else None
                text = ast.unparse(first) if first is not None else ""
                if "spec." in text and not text.startswith("f'spec.pages."):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert not found, found


LIGHT = [
    "spec.results.run",
    "spec.results.failure",
    "spec.results.model",
    "spec.plugin.command",
    "spec.learner.starter",
]


def test_the_run_state_and_the_light_front_doors_import_no_torch() -> None:
    """One fresh interpreter imports them all: if none imports torch, their union does not either."""
    code = f"import sys, {', '.join(LIGHT)}; print(sorted(m for m in ('torch', 'numpy') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", f"importing {LIGHT} imports {done.stdout.strip()}"
