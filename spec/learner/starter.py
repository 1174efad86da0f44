"""The starter module of `python -m spec new FILE`: every contract name as a stub, in tutorial order.

Signatures and the English docstrings come from the reference's own source (read with `ast`, so
nothing heavy is imported); the Chinese lines and the tutorial subsections come from spec/contract.py. Each
stub raises NotImplementedError, which the spec reports as "not implemented", never as a failure.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Sequence
from pathlib import Path

from spec import i18n
from spec.contract import CONTRACT, LESSONS, PAGES

# English for names whose reference has no docstring (module-level values).
EN_FALLBACK = {"labels_map": 'The ten Fashion-MNIST class names by label: {0: "T-Shirt", ..., 9: "Ankle Boot"}.'}

HEADER = '''\
"""My solution to PyTorch's "Learn the Basics" tutorial. / 我对 PyTorch 入门教程的解答。

Every contract name of the spec is below as a stub that raises NotImplementedError. Replace one
stub at a time with your own code, then run the tests of its tutorial page:
下面是规范要求的每一个名字,都是一个抛出 NotImplementedError 的桩。每次把一个桩换成你自己的
代码,然后运行它所在教程页面的测试:

    python -m spec check {target} -m "cpu and {first_page}"

Stubs are reported as "not implemented", never as failures; the summary at the end of the run
says which concept to work on next. Start with {first} ({first_where}).
桩会被报告为“未实现”,不算失败;运行结束时的总结会告诉你下一步做哪个概念。
从 {first}({first_where_zh})开始。
"""

'''
# What the stubs' signatures name; a notebook's imports cell too (spec/teacher/assign.py).
IMPORTS = """\
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image
from torch import nn
from torch.utils.data import DataLoader, Dataset
"""


def _reference_dir() -> Path:
    """reference/ without importing it (its __init__ imports torch)."""
    spec = importlib.util.find_spec("reference")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the reference package is not importable; install the project (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations)))


def reference_definitions() -> dict[str, ast.stmt]:
    """Contract name -> its top-level definition (def, class or assignment) in reference/*.py."""
    root = _reference_dir()
    init = ast.parse((root / "__init__.py").read_text(encoding="utf-8"))
    # reference/__init__.py's `_MODULES = {"tensors": ("from_data", ...), ...}`: the module of each name, which
    # it imports on first use.
    modules = {
        name: f"reference.{module}"
        for node in init.body
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "_MODULES" for t in node.targets)
        for module, names in ast.literal_eval(node.value).items()
        for name in names
    }
    found: dict[str, ast.stmt] = {}
    trees: dict[str, ast.Module] = {}
    for name in CONTRACT:
        module = modules.get(name)
        if module is None:
            raise RuntimeError(f"reference/__init__.py (_MODULES) does not name the contract name {name!r}")
        if module not in trees:
            path = root / (module.removeprefix("reference.").replace(".", "/") + ".py")
            trees[module] = ast.parse(path.read_text(encoding="utf-8"))
        for node in trees[module].body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
                found[name] = node
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
                found[name] = node
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                found[name] = node
        if name not in found:
            raise RuntimeError(f"{module} does not define the contract name {name!r}")
    return found


def _docstring(name: str, node: ast.stmt, target: str, indent: str) -> list[str]:
    concept = CONTRACT[name]
    lesson = LESSONS[name]
    english = ast.get_docstring(node) if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else None
    english = english or EN_FALLBACK.get(name, name)
    number = "" if lesson.subsection == concept.section else f"{lesson.subsection} "
    lines = [
        *english.splitlines(),
        "",
        lesson.what_zh,
        "",
        f"Tutorial / 教程: {concept.section} {concept.title}, {number}{lesson.en}",
        f"             {concept.section} {i18n.page_title(concept.page, 'zh')},{number}{lesson.zh}",
        f'Check / 检查: python -m spec check {target} -m "cpu and {concept.page}"',
    ]
    body = [f"{indent}{line}".rstrip() for line in lines]
    body[0] = f'{indent}"""{lines[0]}'
    return [*body, f'{indent}"""']


def _parameters(args: ast.arguments) -> list[str]:
    """Each parameter as PEP 8 writes it: `x: int = 1`, `x=1`, `*args`, a bare `*`, `/`."""

    def one(arg: ast.arg, default: ast.expr | None, prefix: str = "") -> str:
        text = prefix + arg.arg + (f": {ast.unparse(arg.annotation)}" if arg.annotation is not None else "")
        if default is not None:
            text += f" = {ast.unparse(default)}" if arg.annotation is not None else f"={ast.unparse(default)}"
        return text

    positional = [*args.posonlyargs, *args.args]
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    out = [one(a, d) for a, d in zip(positional, defaults)]
    if args.posonlyargs:
        out.insert(len(args.posonlyargs), "/")
    if args.vararg is not None:
        out.append(one(args.vararg, None, "*"))
    elif args.kwonlyargs:
        out.append("*")
    out += [one(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    if args.kwarg is not None:
        out.append(one(args.kwarg, None, "**"))
    return out


def _signature(node: ast.FunctionDef, indent: str = "") -> list[str]:
    """`def name(params) -> returns:`, one parameter a line when it would pass 100 columns."""
    returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
    params = _parameters(node.args)
    line = f"{indent}def {node.name}({', '.join(params)}){returns}:"
    if len(line) <= 100:
        return [line]
    return [f"{indent}def {node.name}(", *[f"{indent}    {p}," for p in params], f"{indent}){returns}:"]


def reference_docstring(name: str) -> str:
    """The English docstring of the reference's definition of a contract name."""
    node = reference_definitions()[name]
    english = ast.get_docstring(node) if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else None
    return english or EN_FALLBACK.get(name, name)


def stub(name: str, node: ast.stmt, target: str) -> list[str]:
    """The stub of one contract name: its signature and docstrings, raising NotImplementedError."""
    if isinstance(node, ast.FunctionDef):
        lines = [*_signature(node), *_docstring(name, node, target, "    "), f'    raise NotImplementedError("{name}")']
        if name == "test_loop":
            lines += ["", "", "test_loop.__test__ = False  # a tutorial name, not a pytest test"]
        return lines
    if isinstance(node, ast.ClassDef):
        bases = ", ".join(ast.unparse(b) for b in node.bases)
        lines = [f"class {name}({bases}):" if bases else f"class {name}:", *_docstring(name, node, target, "    ")]
        for item in node.body:
            if not isinstance(item, ast.FunctionDef):
                continue
            lines += ["", *_signature(item, "    ")]
            doc = ast.get_docstring(item)
            if doc:
                lines.append(f'        """{doc.splitlines()[0]}"""')
            if item.name == "__init__" and bases:
                lines.append("        super().__init__()")
            label = name if item.name == "__init__" else f"{name}.{item.name}"
            lines.append(f'        raise NotImplementedError("{label}")')
        return lines
    # A module-level value (labels_map): None reads as "not implemented" until it is filled in.
    annotation = ast.unparse(node.annotation) if isinstance(node, ast.AnnAssign) else "Any"
    comment = ["# " + line if line else "#" for line in _docstring(name, node, target, "")]
    comment[0] = "# " + comment[0].removeprefix('# """')
    return [*comment[:-1], f"{name}: {annotation} | None = None  # replace None with the value / 把 None 换成值"]


def render(target: str, names: Sequence[str] = tuple(CONTRACT)) -> str:
    """The starter module's source; `target` is the path the learner passes to --impl; `names`: the contract names
    stubbed (an assignment's), in tutorial order."""
    nodes = reference_definitions()
    first = next(n for n in CONTRACT if n in names)
    first_page = CONTRACT[first].page
    lesson = LESSONS[first]
    out = [
        HEADER.format(
            target=target,
            first=first,
            first_page=first_page,
            first_where=f"tutorial {lesson.subsection} {lesson.en}",
            first_where_zh=f"教程 {lesson.subsection} {lesson.zh}",
        )
    ]
    page = None
    out[0] += IMPORTS
    for name, concept in CONTRACT.items():
        if name not in names:
            continue
        if concept.page != page:
            page = concept.page
            rule = f"# {PAGES[page][0]} {PAGES[page][1]} / {i18n.page_title(page, 'zh')} "
            out += ["", "", rule + "-" * max(4, 99 - i18n.width(rule))]
        out += ["", "", *stub(name, nodes[name], target)]
    return "\n".join(out).rstrip() + "\n"
