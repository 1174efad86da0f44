"""An assignment's run: the assigned concepts' tests at the assigned tier, the rest of the contract from the reference.

Registered by spec/plugin/options.py after spec/plugin/hooks.py. With `--spec-assignment FILE` (or a `spec.toml`
with an `[assignment]` table, spec/assignment.py):

- a malformed file stops the run at configure time with one line naming the file and the key (a usage error);
- collection keeps a test when it runs at the assignment's tier (quick: `cpu and not slow`; full: `cpu`), belongs
  to an assigned page (or to every page, spec/pages/test_import.py) and, where it names contract names at all,
  names an assigned one: `tested_names(item)` reads them from the test's source (`impl.one_hot`, `Call.of(
  "one_hot", ...)`), from the module functions and fixtures it uses, and from its parameters;
- `impl.NAME` for a name not assigned is the reference's NAME, unrecorded: a test of `one_hot` that needs a
  `to_tensor` uses a right one, so a complete solution of the assignment passes whatever else it leaves
  unimplemented, and no outcome is blamed on a concept nobody assigned.

What the renderings show (only the assigned concepts, the points) reads `RunContext.assignment`.

PYTEST_DONT_REWRITE: it has no assert to rewrite.
"""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pytest

from spec.assignment import Assignment, AssignmentError
from spec.contract import CONTRACT
from spec.loading.impl import Impl
from spec.results.context import assignment_of
from spec.results.model import checks_impl, page_of
from spec.results.run import state

ASSIGNMENT_KEY = pytest.StashKey[Assignment]()


class AssignedImpl(Impl):
    """The learner's module for the assigned names; the reference's, unrecorded, for every other contract name."""

    def __init__(self, learner: Impl, reference: Impl, assigned: tuple[str, ...]) -> None:
        super().__init__(learner.module, learner.target)
        self.reference = reference.module
        self.assigned = frozenset(assigned)

    def __getattr__(self, name: str) -> Any:
        if name in CONTRACT and name not in self.assigned:
            return getattr(self.reference, name)
        return super().__getattr__(name)


def assignment(config: pytest.Config) -> Assignment:
    """The run's assignment, read once in pytest_configure."""
    return config.stash[ASSIGNMENT_KEY]


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    try:
        chosen = config.stash[ASSIGNMENT_KEY] = assignment_of(config)
    except AssignmentError as exc:
        raise pytest.UsageError(f"--spec-assignment: {exc}") from None
    spec_state = state(config)
    if chosen.selects and spec_state.impl is not None and spec_state.impl.module is not spec_state.ref.module:
        spec_state.impl = AssignedImpl(spec_state.impl, spec_state.ref, chosen.concepts)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = assignment(config)
    if not chosen.selects:
        return
    kept = [item for item in items if selected(item, chosen)]
    if len(kept) < len(items):
        ids = {id(item) for item in kept}
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in ids])
        items[:] = kept


def selected(item: pytest.Item, chosen: Assignment) -> bool:
    """Whether an assignment grades `item`: its tier, its page, and the contract names it tests."""
    marked = {mark.name for mark in item.iter_markers()}
    if "cpu" not in marked or (chosen.tier == "quick" and "slow" in marked) or "meta" in marked:
        return False
    page = page_of(item)
    if page != "other" and page not in chosen.pages:
        return False
    if not checks_impl(item):
        return page in chosen.pages  # the page's facts of torch itself, as `-m PAGE` runs them
    names = tested_names(item)
    return not names or bool(names & set(chosen.concepts))


def tested_names(item: pytest.Item) -> set[str]:
    """The contract names a test speaks of: in its source and in the module functions and fixtures it uses
    (`impl.one_hot`, `getattr(impl, "one_hot")`, `Call.of("one_hot", ...)`), and its parameters' values."""
    names: set[str] = set()
    function = getattr(item, "function", None)
    if function is not None:
        names |= _names_in(function)
    infos = getattr(item, "_fixtureinfo", None)
    for defs in infos.name2fixturedefs.values() if infos is not None else ():
        for fixturedef in defs:
            if getattr(fixturedef.func, "__module__", "").startswith("spec.pages"):
                names |= _names_in(fixturedef.func)
    callspec = getattr(item, "callspec", None)
    for value in callspec.params.values() if callspec is not None else ():
        names |= {value} if isinstance(value, str) and value in CONTRACT else set()
    return names


@cache
def _names_in(function: Callable[..., Any]) -> frozenset[str]:
    """Contract names in `function`'s source and in the functions of its own module it calls, transitively."""
    seen: set[Callable[..., Any]] = set()
    names: set[str] = set()
    todo = [inspect.unwrap(function)]
    while todo:
        fn = todo.pop()
        if fn in seen:
            continue
        seen.add(fn)
        module = sys.modules.get(getattr(fn, "__module__", ""), None)
        for node in _nodes(fn):
            if isinstance(node, ast.Attribute) and node.attr in CONTRACT and _is_impl(node.value):
                names.add(node.attr)  # impl.one_hot, self.impl.one_hot; not ref.one_hot, which is scaffolding
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in CONTRACT:
                names.add(node.value)
            elif isinstance(node, ast.Name) and module is not None:
                used = getattr(module, node.id, None)
                used = getattr(used, "__wrapped__", used)
                if (inspect.isfunction(used) or inspect.isclass(used)) and used.__module__.startswith("spec.pages"):
                    todo.append(used)  # a helper, or a class whose methods a fixture's object calls
    return frozenset(names)


def _is_impl(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "impl") or (
        isinstance(node, ast.Attribute) and node.attr == "impl"
    )


def _nodes(fn: Callable[..., Any]) -> Iterator[ast.AST]:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return iter(())
    return ast.walk(tree)
