"""The one pytest command line that runs the packaged spec: the learner's launcher's and the grading engine's.

`python -m spec check` (spec/learner/check_file.py), `check()` in a notebook (spec/learner/check_live.py) and each
submission's child of `python -m spec grade` (spec/teacher/engine/child.py) start `pytest.main` with
`pytest_args`, then add their own: the learner's options and the `run:` hint command (`learner_args`), or the
engine's limits and quiet output. The spec runs with the kit's own settings (spec/pytest.ini, its rootdir, its
plugins) whatever folder it is called from, so a folder with its own pytest configuration changes nothing.
Imports no torch, and not spec.plugin.options either: pytest must import that plugin itself, to rewrite its asserts.
"""

from __future__ import annotations

import ast
import itertools
import re
import shlex
from collections.abc import Sequence
from pathlib import Path

import pytest

from spec import contract

SPEC_DIR = Path(__file__).resolve().parents[1]
ROOT = SPEC_DIR.parent  # the rootdir: node ids read "spec/pages/test_x.py::test_y"
PAGES = SPEC_DIR / "pages"  # the specification: one module per tutorial page
INI = SPEC_DIR / "pytest.ini"
ENTRY_POINT = "spec.options"  # the pyproject's pytest11 name for the module spec.plugin.options
LAUNCHER = "python -m spec check"


def pytest_args(impl: str, paths: Sequence[str] = ()) -> list[str]:
    """The pytest.main arguments that run the spec's `paths` (default: every page) on the implementation `impl`;
    a caller appends its own options."""
    return [
        *(paths or [str(PAGES)]),
        f"--rootdir={ROOT}",
        "-c",
        str(INI),
        # The options' module by its own name, also when plugin autoloading is off (PYTEST_DISABLE_PLUGIN_AUTOLOAD);
        # its entry point is blocked by name, or pytest would register the same module twice, under two names.
        "-p",
        f"no:{ENTRY_POINT}",
        "-p",
        "spec.plugin.options",
        f"--impl={impl}",
    ]


def markexpr_of(args: Sequence[str]) -> str | None:
    """The -m expression among pytest arguments (the last one, as pytest reads them); None without -m."""
    found = None
    for i, arg in enumerate(args):
        if arg == "-m" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("-m") and not arg.startswith("--") and len(arg) > 2:
            found = arg[2:].lstrip("=")
    return found


_MARK = re.compile(r"\bmark\.([A-Za-z_]\w*)")
_DYNAMIC = re.compile(r"getattr\(\s*pytest\.mark|mark\.__getattr__|MarkDecorator|MARK_GEN")


def _page_markers(path: Path, pages: Sequence[str]) -> set[str]:
    """The page markers the page file `path` can put on its tests: those it names (`pytest.mark.transforms`,
    `pytestmark = ...`), or every page when it makes marks by name (`getattr(pytest.mark, page)`)."""
    text = path.read_text(encoding="utf-8")
    if _DYNAMIC.search(text):
        return set(pages)
    return set(_MARK.findall(text)) & set(pages)


def _can_match(expr: ast.expr, free: set[str], pages: Sequence[str]) -> bool | None:
    """Whether the marker expression `expr` is true for some test carrying no page marker outside `free`
    (every other name is free too); None when `expr` is more than and/or/not over names."""
    names = {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}
    if not all(
        isinstance(n, (ast.BoolOp, ast.UnaryOp, ast.Name, ast.And, ast.Or, ast.Not, ast.Load)) for n in ast.walk(expr)
    ):
        return None
    variable = sorted(n for n in names if n not in pages or n in free)
    if len(variable) > 12:
        return None

    def value(node: ast.expr, env: dict[str, bool]) -> bool:
        if isinstance(node, ast.Name):
            return env.get(node.id, False)
        if isinstance(node, ast.UnaryOp):
            return not value(node.operand, env)
        assert isinstance(node, ast.BoolOp)
        parts = (value(v, env) for v in node.values)
        return all(parts) if isinstance(node.op, ast.And) else any(parts)

    return any(
        value(expr, dict(zip(variable, bits))) for bits in itertools.product((False, True), repeat=len(variable))
    )


def page_files(markexpr: str | None, pages: Sequence[str] = tuple(contract.PAGES)) -> list[str]:
    """The spec's page files that can hold a test `markexpr` selects among the page markers `pages`, or [PAGES]
    (every page) when that is all of them or the expression cannot be read so. pytest then imports only those:
    collecting every page costs ~1.5 s more (the ONNX pages import onnx and onnxruntime), and the tests it
    would deselect are the same."""
    if not markexpr:
        return [str(PAGES)]
    try:
        expr = ast.parse(markexpr.strip(), mode="eval").body
    except SyntaxError:
        return [str(PAGES)]  # pytest says what is wrong with it
    files = sorted(PAGES.glob("test_*.py"))
    kept = []
    for path in files:
        match = _can_match(expr, _page_markers(path, pages), pages)
        if match is None:
            return [str(PAGES)]
        if match:
            kept.append(str(path))
    return kept if kept and len(kept) < len(files) else [str(PAGES)]


def learner_args(impl: str, extra: Sequence[str] = (), *, shown: str | None = None) -> list[str]:
    """`pytest_args` for a learner's check: pytest's cache where the learner stands, the `run:` hints' command,
    then `extra`. `shown` is the implementation as the learner typed it. Only the page files that can hold a test
    of extra's -m expression are collected."""
    from_pages = page_files(markexpr_of(extra))
    cache = Path.cwd() / ".pytest_cache"  # never inside site-packages
    return [
        *pytest_args(impl, from_pages),
        "-o",
        f"cache_dir={cache}",
        f"--spec-command={LAUNCHER} {shlex.quote(shown or impl)}",
        *extra,
    ]


def run(impl: str, extra: Sequence[str] = (), plugins: Sequence[object] = (), *, shown: str | None = None) -> int:
    """Runs the spec on `impl` in this process, as a learner's check; pytest's exit status."""
    return int(pytest.main(learner_args(impl, extra, shown=shown), plugins=list(plugins)))
