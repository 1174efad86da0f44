"""`python -m spec check PATH [pytest options]`: the spec on one implementation, from any folder.

PATH is a .py file, a dotted module name or a .ipynb notebook (spec/loading/notebook.py takes its
definitions). pytest is started on the installed `spec` package with this kit's own settings
(spec/pytest.ini, its rootdir, its plugins through the `spec.plugin.options` entry point: spec/plugin/command.py),
whatever folder it is called from, so a learner's folder with its own pytest configuration changes nothing.

Without -m or -k, the check is scoped to what the learner wrote: the pages of the contract names the file
defines at its top level (read with `ast`, never imported), at the quick tier, on the CPU; one line says what
was left out and how to ask for it. `--watch` keeps a warm process and rechecks on save (spec/learner/watch.py).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from spec import i18n
from spec.contract import CONTRACT, PAGES
from spec.learner import check_run_all
from spec.loading import notebook
from spec.plugin.command import run

QUICK = "cpu and not slow"  # the quick tier, on the CPU: what a scoped check runs of each page


def check_path(path: str, extra: Sequence[str] = ()) -> int:
    """`python -m spec check PATH ...`: a notebook's definitions (or, with --run-all, all its cells on a kernel)."""
    if path.endswith(".ipynb"):
        if "--run-all" in extra:
            return check_run_all.run(path, [a for a in extra if a != "--run-all"])
        try:
            prepared = notebook.prepare(Path(path))
        except notebook.NotebookError:  # not a notebook: pytest's run says why, and writes the error report
            prepared = None
        if prepared is not None and prepared.left_out:  # what a check leaves out: training, demos, prints, plots
            print(f"spec check: left out of {path} (they run with --run-all):")
            for line in prepared.left_out:
                print(f"  {line}")
        source_file: Path | None = prepared.module_path
    elif "--run-all" in extra:
        print(
            "spec check: --run-all runs the cells of a .ipynb notebook; a .py file is imported as it is",
            file=sys.stderr,
        )
        return int(pytest.ExitCode.USAGE_ERROR)
    else:
        source_file = source_of(path)
    target = impl_target(path)
    extra = list(extra)
    if not chooses_tests(extra):
        extra = [*extra, "-m", scope(path, source_file, lang_of(extra))]
    return run(target, extra, shown=path)


def impl_target(path: str) -> str:
    """The --impl value for PATH: a file by its absolute path, a dotted module name as it is."""
    return str(Path(path).resolve()) if path.endswith((".py", ".ipynb")) or os.sep in path else path


def chooses_tests(extra: Sequence[str]) -> bool:
    """Whether the learner chose the tests (-m or -k, in any of pytest's spellings)."""
    return any(a in ("-m", "-k") or a.startswith(("-m", "-k")) and not a.startswith("--") for a in extra)


def lang_of(extra: Sequence[str]) -> str:
    """The run's language as --spec-lang gives it, else the locale's."""
    for i, arg in enumerate(extra):
        if arg.startswith(("--spec-lang=", "--lang=")):
            return arg.split("=", 1)[1]
        if arg in ("--spec-lang", "--lang") and i + 1 < len(extra):
            return extra[i + 1]
    return i18n.default_lang()


def source_of(path: str) -> Path | None:
    """The Python source PATH names (a .py file, or a dotted module's file); None when there is none to read."""
    if path.endswith(".py"):
        return Path(path)
    try:
        spec = importlib.util.find_spec(path)  # finds, never imports the module itself (a parent package, maybe)
    except (ImportError, ValueError):
        return None
    origin = spec.origin if spec is not None else None
    return Path(origin) if origin and origin.endswith(".py") else None


def _bound(node: ast.stmt) -> set[str]:
    """The names a top-level statement binds: def, class, assignments, imports (and those nested in if/try/with)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    names: set[str] = set()
    for body in ("body", "orelse", "finalbody", "handlers"):
        for child in getattr(node, body, None) or []:
            if isinstance(child, ast.ExceptHandler):
                names |= set().union(*map(_bound, child.body)) if child.body else set()
            elif isinstance(child, ast.stmt):
                names |= _bound(child)
    return names


def definitions(source: str) -> dict[str, str]:
    """Each contract name bound at the top level of `source` -> a fingerprint of its definition: the `ast.dump`
    of its own statements, of the top-level statements they read (transitively: a helper, a constant, an
    import) and of the top-level statements that bind nothing (`torch.manual_seed(0)`), which may change
    anything. Two sources give a name the same fingerprint when nothing it can use changed. Raises SyntaxError."""
    tree = ast.parse(source)
    binders: dict[str, list[ast.stmt]] = {}
    loose: list[ast.stmt] = []
    for node in tree.body:
        names = _bound(node)
        if not names:
            loose.append(node)
        for name in names:
            binders.setdefault(name, []).append(node)
    common = "".join(ast.dump(n) for n in loose)
    out = {}
    for name in sorted(set(binders) & set(CONTRACT)):
        seen: list[ast.stmt] = []
        todo = [name]
        done: set[str] = set()
        while todo:
            current = todo.pop()
            if current in done:
                continue
            done.add(current)
            for node in binders.get(current, []):
                if all(node is not s for s in seen):
                    seen.append(node)
                    todo += [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in binders]
        seen.sort(key=lambda n: n.lineno)
        out[name] = common + "".join(ast.dump(n) for n in seen)
    return out


def _dynamic(source: str) -> bool:
    """Whether a module's names cannot be read from its source: `from x import *`, or a module `__getattr__`
    (PEP 562, as reference/__init__.py imports its names on first use)."""
    tree = ast.parse(source)
    return any(
        (isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names))
        or (isinstance(node, ast.FunctionDef) and node.name == "__getattr__")
        for node in tree.body
    )


def pages_of(names: Sequence[str] | set[str]) -> list[str]:
    """The tutorial pages (markers) of contract `names`, in tutorial order."""
    wanted = {CONTRACT[n].page for n in names if n in CONTRACT}
    return [page for page in PAGES if page in wanted]


def scoped_markexpr(pages: Sequence[str]) -> str:
    """The -m expression of a scoped check: the quick tier of `pages`, on the CPU."""
    return f"{QUICK} and ({' or '.join(pages)})"


MESSAGES = {
    "scoped": {
        "en": "spec check: {shown} defines names of {pages}: checking {which} at the quick tier, on the CPU. "
        'Left out: {left}. To ask for them: -m "cpu" (slow tests too), -m "cpu and {other}" (another page)',
        "zh": "spec check:{shown} 定义了 {pages} 的名字:只在 CPU 上检查{which}的快速测试。"
        '未检查:{left}。需要时加上:-m "cpu"(包括慢速测试),-m "cpu and {other}"(另一节)',
    },
    "none": {
        "en": "spec check: {shown} defines no contract name (readable without running it): checking {which} "
        'at the quick tier, on the CPU. Left out: {left}. To ask for them: -m "cpu"',
        "zh": "spec check:{shown} 没有定义任何契约名字(不运行文件时可读出的):只在 CPU 上检查{which}的快速测试。"
        '未检查:{left}。需要时加上:-m "cpu"',
    },
    "all": {
        "en": "spec check: the names {shown} defines cannot be read without running it: checking every page at the "
        'quick tier, on the CPU. Left out: slow tests, GPU tests. To ask for them: -m "cpu"',
        "zh": "spec check:不运行 {shown} 就读不出它定义的名字:只在 CPU 上检查各节的快速测试。"
        '未检查:慢速测试、GPU 测试。需要时加上:-m "cpu"',
    },
    "left": {
        "en": "slow tests, GPU tests, the pages {pages}",
        "zh": "慢速测试、GPU 测试、{pages} 各节",
    },
    "left_all_pages": {"en": "slow tests, GPU tests", "zh": "慢速测试、GPU 测试"},
    "this_page": {"en": "this page", "zh": "这一节"},
    "these_pages": {"en": "these pages", "zh": "这几节"},
}


def scope(shown: str, source_file: Path | None, lang: str = "en") -> str:
    """The -m expression of a check with no -m or -k: the pages whose contract names the file defines (all pages
    when it cannot be read without running it), at the quick tier; prints the one line that says so."""
    try:
        source = source_file.read_text(encoding="utf-8") if source_file is not None else None
        names = definitions(source) if source is not None and not _dynamic(source) else None
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        names = None  # the import will say what is wrong with it
    if names is None:
        print(i18n.t("all", lang, MESSAGES, shown=shown))
        return QUICK
    pages = pages_of(set(names))
    key = "scoped" if pages else "none"
    if not pages:
        pages = [CONTRACT[next(iter(CONTRACT))].page]  # nothing defined yet: the first name's page says where to start
    others = [p for p in PAGES if p not in pages]
    left = i18n.t("left", lang, MESSAGES, pages=", ".join(PAGES[p][0] for p in others))
    print(
        i18n.t(
            key,
            lang,
            MESSAGES,
            shown=shown,
            pages=", ".join(f"{PAGES[p][0]} {p}" for p in pages),
            which=i18n.t("this_page" if len(pages) == 1 else "these_pages", lang, MESSAGES),
            left=left if others else i18n.t("left_all_pages", lang, MESSAGES),
            other=others[0] if others else pages[0],
        )
    )
    return scoped_markexpr(pages)
