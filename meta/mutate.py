"""Write mutants of a Python file: one small AST change each, for finding what the spec lets through.

    python -m meta.mutate meta/mutants/model/right_second_model.py --out /tmp/mutants
    python -m meta.runner --jobs 1 --json /tmp/out.json /tmp/mutants/*.py   # which ones the spec kills

Operators (the classic ones of mutation testing, kept to those a learner's slip looks like):
  op       swap a binary, comparison or boolean operator (+ -, * /, < <=, == !=, and or, ...)
  keyword  drop one keyword argument of a call (dim=1, retain_graph=True)
  stmt     drop one expression statement (model.eval(), inp.grad.zero_(), loss.backward())
  call     drop one argument-less method call from a chain (x.detach().clone() -> x.detach()); a class
           (nn.ReLU()) is not a method
  const    change a number or a bool (0 -> 1, 1 -> 0, n -> -n, True <-> False)
  args     swap the first two positional arguments of a call
A mutant that unparses to the original (swapping equal arguments) is left out. Mutants are
`DIR/<stem>_m<NNN>_<operator>.py`, the module with its first line a comment naming the change.
"""

from __future__ import annotations

import argparse
import ast
import copy
import sys
from collections.abc import Iterator
from pathlib import Path

SWAPS: dict[type, type] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Pow: ast.Mult,
    ast.MatMult: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.And: ast.Or,
    ast.Or: ast.And,
}


def _options(node: ast.AST) -> list[tuple[str, str, ast.AST]]:
    """(operator, description, replacement) for every mutation of this one node."""
    line = getattr(node, "lineno", "?")
    out = []
    if isinstance(node, (ast.BinOp, ast.BoolOp)) and type(node.op) in SWAPS:
        new = copy.deepcopy(node)
        new.op = SWAPS[type(node.op)]()
        out.append(("op", f"line {line}: {type(node.op).__name__} -> {type(new.op).__name__}", new))
    if isinstance(node, ast.Compare) and type(node.ops[0]) in SWAPS:
        new = copy.deepcopy(node)
        new.ops[0] = SWAPS[type(node.ops[0])]()
        out.append(("op", f"line {line}: {type(node.ops[0]).__name__} -> {type(new.ops[0]).__name__}", new))
    if isinstance(node, ast.Call):
        for i, keyword in enumerate(node.keywords):
            new = copy.deepcopy(node)
            del new.keywords[i]
            out.append(("keyword", f"line {line}: drop {ast.unparse(keyword)}", new))
        if len(node.args) >= 2:
            new = copy.deepcopy(node)
            new.args[0], new.args[1] = new.args[1], new.args[0]
            out.append(("args", f"line {line}: swap the arguments of {ast.unparse(node.func)}", new))
        if isinstance(node.func, ast.Attribute) and node.func.attr[0].islower() and not node.args and not node.keywords:
            out.append(("call", f"line {line}: drop .{node.func.attr}()", copy.deepcopy(node.func.value)))
    if isinstance(node, ast.Expr) and not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
        out.append(("stmt", f"line {line}: drop {ast.unparse(node)}", ast.Pass()))
    if isinstance(node, ast.Constant) and isinstance(node.value, (bool, int, float)):
        value = node.value
        new_value = (not value) if isinstance(value, bool) else {0: 1, 1: 0}.get(value, -value)
        out.append(("const", f"line {line}: {value!r} -> {new_value!r}", ast.Constant(new_value)))
    return out


class _Mutator(ast.NodeTransformer):
    """Numbers the nodes in pre-order; lists every (node, option) site, or applies option `choice` at `target`."""

    def __init__(self, target: int = -1, choice: int = 0) -> None:
        self.index, self.target, self.choice = -1, target, choice
        self.sites: list[tuple[int, int]] = []  # (node number, option number) of every mutation
        self.applied: tuple[str, str, ast.AST] | None = None  # the option applied at `target`

    def visit(self, node: ast.AST) -> ast.AST:
        self.index += 1
        if self.index == self.target:
            self.applied = _options(node)[self.choice]
            return ast.copy_location(self.applied[2], node)
        self.sites.extend((self.index, j) for j in range(len(_options(node))))
        return super().visit(node)


def mutants(source: str) -> Iterator[tuple[str, str, str]]:
    """(operator, description, mutated source) for every single-node mutation of `source`."""
    survey = _Mutator()
    survey.visit(ast.parse(source))
    seen = {ast.unparse(ast.parse(source))}
    for index, choice in survey.sites:
        mutator = _Mutator(index, choice)
        text = ast.unparse(ast.fix_missing_locations(mutator.visit(ast.parse(source))))
        if text not in seen and mutator.applied is not None:
            seen.add(text)
            yield mutator.applied[0], mutator.applied[1], text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="folder for the mutants (made if missing)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    count = 0
    for count, (operator, description, text) in enumerate(mutants(args.file.read_text()), start=1):
        path = args.out / f"{args.file.stem}_m{count:03d}_{operator}.py"
        path.write_text(f"# mutant of {args.file.name}, {description}\n{text}\n")
        print(f"{path}: {description}")
    print(f"{count} mutants of {args.file} in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
