"""Write mutants of a learner's module: the mistakes people make with PyTorch and Python data code, one each.

    python -m meta.mutate reference/transforms.py --out /tmp/mutants/transforms
    python -m meta.runner --jobs 2 --json /tmp/out.json /tmp/mutants/transforms/*.py   # which ones the spec kills
    python -m meta.strength                                 # all of them, both implementations: SPEC_STRENGTH.md

Each operator family below is one kind of mistake, written as a rule over the syntax tree (`ast`), never as
a list of hand-picked lines: wherever the rule's pattern occurs in a contract name's code (or in a helper
that a contract name calls), it makes one mutant. `FAMILIES` lists them with one line each; the generic
slips of classic mutation testing (`GENERIC`: operator swaps, dropped keywords ...) are kept for `--generic`.

A mutant has a stable id, `<source>::<scope>::<family>::<hash>`, where the hash is that of the mutated
top-level definition without its docstrings (and of any module-level lines the mutation adds): it does not move
when other definitions or a docstring change, so meta/equivalent.toml can name it. Mutants that unparse to the
original or to an earlier mutant are left out.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spec.contract import CONTRACT


@dataclass(frozen=True)
class Mutant:
    """One mutated module, and what was changed."""

    id: str  # "<source>::<scope>::<family>::<hash8>", stable while the scope's code is unchanged
    family: str  # FAMILIES key
    scope: str  # the top-level definition mutated ("normalize", "_device_of", "labels_map")
    concepts: tuple[str, ...]  # the contract names whose code reaches the scope
    description: str  # "line 12: drop .clone()"
    text: str  # the whole mutated module


@dataclass
class Site:
    """Where a node sits: the innermost function (its parameters), the top-level scope, the enclosing loop."""

    scope: str
    params: dict[str, ast.expr | None] = field(default_factory=dict)  # name -> default (None: no default)
    function: ast.FunctionDef | None = None
    in_handler: bool = False
    loader: str | None = None  # a parameter named like a DataLoader ("dataloader", "loader")


# (description, replacement, module-level statements to add). Replacement None deletes a statement; a list
# replaces one statement by several.
Option = tuple[str, "ast.AST | list[ast.stmt] | None", list[ast.stmt]]
Operator = Callable[[ast.AST, Site], Iterator[Option]]


def _e(source: str) -> ast.expr:
    return ast.parse(source, mode="eval").body


def _s(source: str) -> list[ast.stmt]:
    return ast.parse(source).body


def _u(node: ast.AST) -> str:
    return ast.unparse(node)


def _line(node: ast.AST) -> str:
    return f"line {getattr(node, 'lineno', '?')}"


def _dotted(node: ast.AST) -> str:
    """`torch.nn.functional.relu` for that Attribute chain; '' for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def _method(node: ast.AST, *names: str) -> bool:
    """A call `<receiver>.<name>(...)` with a name in `names` (any when none given)."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and (not names or node.func.attr in names)
        and not _dotted(node.func).startswith(("torch.", "np.", "F.", "nn.", "os.", "copy."))
    )


def _with_method(call: ast.Call, name: str) -> ast.Call:
    new = copy.deepcopy(call)
    new.func.attr = name
    return new


def _chain(node: ast.expr, method: str, *args: str) -> ast.expr:
    """`node.method(args)`."""
    return ast.Call(ast.Attribute(copy.deepcopy(node), method, ast.Load()), [_e(a) for a in args], [])


def _is_param(node: ast.AST, site: Site) -> bool:
    return isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in site.params


def _body_start(function: ast.FunctionDef) -> int:
    """Index of the first statement after the docstring."""
    first = function.body[0]
    return int(
        isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
    )


def _with_body(function: ast.FunctionDef, before: list[ast.stmt]) -> ast.FunctionDef:
    new = copy.deepcopy(function)
    start = _body_start(new)
    new.body[start:start] = before
    return new


# ---------------------------------------------------------------------------------------------------------
# The families: one function each, named for the mistake.


def view_reshape(node: ast.AST, site: Site) -> Iterator[Option]:
    """reshape <-> view: a view fails on non-contiguous input, a reshape may copy where a view was meant."""
    if _method(node, "reshape", "view"):
        other = "view" if node.func.attr == "reshape" else "reshape"
        yield f"{_line(node)}: .{node.func.attr}() -> .{other}()", _with_method(node, other), []
    if isinstance(node, ast.Call) and _dotted(node.func) == "torch.reshape" and len(node.args) == 2:
        yield f"{_line(node)}: torch.reshape -> .view", _chain(node.args[0], "view", _u(node.args[1])), []


def copy_dropped(node: ast.AST, site: Site) -> Iterator[Option]:
    """.clone(), .contiguous(), .copy(), copy.deepcopy() or copy=True dropped: the result shares memory."""
    if _method(node, "clone", "contiguous", "copy") and not node.args and not node.keywords:
        yield f"{_line(node)}: drop .{node.func.attr}()", copy.deepcopy(node.func.value), []
    if isinstance(node, ast.Call) and _dotted(node.func) == "copy.deepcopy" and node.args:
        yield f"{_line(node)}: drop copy.deepcopy", copy.deepcopy(node.args[0]), []
    if isinstance(node, ast.Call):
        for i, k in enumerate(node.keywords):
            if k.arg == "copy" and isinstance(k.value, ast.Constant) and k.value.value is True:
                new = copy.deepcopy(node)
                del new.keywords[i]
                yield f"{_line(node)}: drop copy=True", new, []


def alias_result(node: ast.AST, site: Site) -> Iterator[Option]:
    """A copying constructor replaced by one that returns its input when it can: the result aliases it."""
    swaps = {"np.array": "np.asarray", "torch.tensor": "torch.as_tensor"}
    if isinstance(node, ast.Call) and _dotted(node.func) in swaps:
        new = copy.deepcopy(node)
        new.func = _e(swaps[_dotted(node.func)])
        new.keywords = [k for k in new.keywords if k.arg != "copy"]
        yield f"{_line(node)}: {_dotted(node.func)} -> {swaps[_dotted(node.func)]}", new, []
    if _method(node, "clone") and not node.args:
        detached = _chain(node.func.value, "detach")
        yield f"{_line(node)}: .clone() -> .detach()", detached, []


def copy_added(node: ast.AST, site: Site) -> Iterator[Option]:
    """A copy where the contract asks for a view or the same object (shared memory lost)."""
    swaps = {"torch.from_numpy": "torch.tensor", "torch.as_tensor": "torch.tensor", "np.asarray": "np.array"}
    if isinstance(node, ast.Call) and _dotted(node.func) in swaps:
        new = copy.deepcopy(node)
        new.func = _e(swaps[_dotted(node.func)])
        yield f"{_line(node)}: {_dotted(node.func)} -> {swaps[_dotted(node.func)]}", new, []
    if _method(node, "numpy") and not node.args:
        yield f"{_line(node)}: .numpy() -> .numpy().copy()", _chain(node, "copy"), []
    if isinstance(node, ast.Return) and isinstance(node.value, (ast.Subscript, ast.Name, ast.Call)):
        value = node.value
        if isinstance(value, ast.Name) and value.id not in site.params:
            return
        if isinstance(value, ast.Call) and not (
            _method(value)
            and value.func.attr in ("view", "select", "narrow", "squeeze", "add_", "zero_")
            or _dotted(value.func) in ("torch.select", "torch.narrow", "torch.add")
        ):
            return
        yield f"{_line(node)}: return a .clone()", ast.Return(_chain(value, "clone")), []


INPLACE_METHODS = {"add", "sub", "mul", "div", "clamp", "pow", "neg", "abs", "exp", "sigmoid", "square", "sqrt"}


def inplace_on_arg(node: ast.AST, site: Site) -> Iterator[Option]:
    """An argument modified in place to make the result (t.sub_(m) for t - m): the caller's tensor changes."""
    names = {ast.Add: "add_", ast.Sub: "sub_", ast.Mult: "mul_", ast.Div: "div_"}
    if isinstance(node, ast.BinOp) and type(node.op) in names and _is_param(node.left, site):
        method = names[type(node.op)]
        yield f"{_line(node)}: {_u(node)} -> in place {method}", _chain(node.left, method, _u(node.right)), []
    if _method(node, *INPLACE_METHODS) and _is_param(node.func.value, site):
        yield (
            f"{_line(node)}: .{node.func.attr}() -> .{node.func.attr}_()",
            _with_method(node, node.func.attr + "_"),
            [],
        )
    if isinstance(node, ast.Call) and _dotted(node.func) in ("torch.add", "torch.sub", "torch.mul", "torch.div"):
        if node.args and _is_param(node.args[0], site):
            method = _dotted(node.func).split(".")[1] + "_"
            new = ast.Call(ast.Attribute(copy.deepcopy(node.args[0]), method, ast.Load()), node.args[1:], [])
            yield f"{_line(node)}: {_dotted(node.func)} -> in place .{method}", new, []


def inplace_dropped(node: ast.AST, site: Site) -> Iterator[Option]:
    """An in-place operation written out of place (add_ -> add) or on a copy: the tensor meant to change does not."""
    if _method(node) and node.func.attr.rstrip("_") in INPLACE_METHODS | {"scatter", "t", "squeeze", "unsqueeze"}:
        if node.func.attr.endswith("_") and not node.func.attr.startswith("_"):
            yield (
                f"{_line(node)}: .{node.func.attr}() -> .{node.func.attr[:-1]}()",
                _with_method(node, node.func.attr[:-1]),
                [],
            )
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript):
        target = node.targets[0].value
        if _is_param(target, site):
            name = target.id
            yield f"{_line(node)}: assign into a copy of {name}", [*_s(f"{name} = {name}.clone()"), node], []
    if isinstance(node, ast.Call):
        for i, k in enumerate(node.keywords):
            if k.arg == "out":
                new = copy.deepcopy(node)
                del new.keywords[i]
                yield f"{_line(node)}: drop out=", new, []


def detach_misplaced(node: ast.AST, site: Site) -> Iterator[Option]:
    """.detach() dropped, or added to an input of the graph (its gradient is then never computed)."""
    if _method(node, "detach") and not node.args:
        yield f"{_line(node)}: drop .detach()", copy.deepcopy(node.func.value), []
    if (
        isinstance(node, ast.Call)
        and _dotted(node.func).startswith(("torch.", "F."))
        and "grad" not in _dotted(node.func)
    ):
        for i, arg in enumerate(node.args):
            if _is_param(arg, site):
                new = copy.deepcopy(node)
                new.args[i] = _chain(arg, "detach")
                yield f"{_line(node)}: {arg.id} -> {arg.id}.detach() in {_dotted(node.func)}", new, []
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.MatMult)):
        for side in ("left", "right"):
            arg = getattr(node, side)
            if _is_param(arg, site):
                new = copy.deepcopy(node)
                setattr(new, side, _chain(arg, "detach"))
                yield f"{_line(node)}: {arg.id} -> {arg.id}.detach()", new, []


GRAD_OFF = ("torch.no_grad", "torch.inference_mode")


def _grad_off(expr: ast.AST) -> bool:
    return isinstance(expr, ast.Call) and (
        _dotted(expr.func) in GRAD_OFF
        or _dotted(expr.func) == "torch.set_grad_enabled"
        and expr.args
        and isinstance(expr.args[0], ast.Constant)
        and expr.args[0].value is False
    )


def no_grad_misplaced(node: ast.AST, site: Site) -> Iterator[Option]:
    """no_grad left out (the block records a graph), or turned into enable_grad."""
    if isinstance(node, ast.With) and any(_grad_off(item.context_expr) for item in node.items):
        yield f"{_line(node)}: no `with {_u(node.items[0].context_expr)}`", copy.deepcopy(node.body), []
        new = copy.deepcopy(node)
        new.items[0].context_expr = _e("torch.enable_grad()")
        yield f"{_line(node)}: no_grad -> enable_grad", new, []
    if isinstance(node, ast.FunctionDef):
        for i, decorator in enumerate(node.decorator_list):
            if _grad_off(decorator):
                new = copy.deepcopy(node)
                del new.decorator_list[i]
                yield f"{_line(node)}: drop @{_u(decorator)}", new, []


def mode_not_restored(node: ast.AST, site: Site) -> Iterator[Option]:
    """A global or caller's mode switched and not switched back (set_grad_enabled(False), no finally)."""
    if isinstance(node, ast.With) and any(_grad_off(item.context_expr) for item in node.items):
        body = [*_s("torch.set_grad_enabled(False)"), *copy.deepcopy(node.body)]
        yield f"{_line(node)}: with no_grad -> torch.set_grad_enabled(False), never restored", body, []
    if isinstance(node, ast.FunctionDef):
        for i, decorator in enumerate(node.decorator_list):
            if _grad_off(decorator):
                new = _with_body(node, _s("torch.set_grad_enabled(False)"))
                del new.decorator_list[i]
                yield f"{_line(node)}: @{_u(decorator)} -> set_grad_enabled(False), never restored", new, []
    if isinstance(node, ast.Try) and node.finalbody:
        new = copy.deepcopy(node)
        new.finalbody = []
        replacement = new.body if not new.handlers else new
        yield f"{_line(node)}: drop the `finally:` that restores", copy.deepcopy(replacement), []


MODE_CALLS = ("eval", "train", "requires_grad_")


def mode_dropped(node: ast.AST, site: Site) -> Iterator[Option]:
    """model.eval() / model.train() / requires_grad_() never called: the mode is whatever the caller left."""
    if isinstance(node, ast.Expr) and _method(node.value, *MODE_CALLS):
        yield f"{_line(node)}: drop {_u(node)}", None, []
    if _method(node, *MODE_CALLS) and not isinstance(node.func.value, ast.Call):
        # `return model.eval()`, `frozen = deepcopy(m).train(False)`: keep the receiver
        yield f"{_line(node)}: drop .{node.func.attr}() in an expression", copy.deepcopy(node.func.value), []


def mode_swapped(node: ast.AST, site: Site) -> Iterator[Option]:
    """train and eval confused (eval() <-> train(), train(False) <-> train(True))."""
    if _method(node, "eval") and not node.args:
        yield f"{_line(node)}: .eval() -> .train()", _with_method(node, "train"), []
    if _method(node, "train"):
        off = node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value is False
        new = copy.deepcopy(node)
        if off:
            new.args = [ast.Constant(True)]
            yield f"{_line(node)}: .train(False) -> .train(True)", new, []
        elif not node.args or isinstance(node.args[0], ast.Constant):
            yield f"{_line(node)}: .train() -> .eval()", _with_method(ast.Call(node.func, [], []), "eval"), []


def rng_reseeded(node: ast.AST, site: Site) -> Iterator[Option]:
    """torch.manual_seed(0) inside the function: the caller's random stream restarts (rand_like repeats itself)."""
    if isinstance(node, ast.FunctionDef):
        yield (
            f"{_line(node)}: torch.manual_seed(0) on entry to {node.name}",
            _with_body(node, _s("torch.manual_seed(0)")),
            _s("import torch"),
        )


def rng_consumed(node: ast.AST, site: Site) -> Iterator[Option]:
    """A random number drawn that the contract does not ask for (a stray torch.rand): the caller's stream moves."""
    if isinstance(node, ast.FunctionDef):
        yield (
            f"{_line(node)}: a stray torch.rand(1) in {node.name}",
            _with_body(node, _s("torch.rand(1)")),
            _s("import torch"),
        )


def _cache_wrapper(node: ast.FunctionDef, key: str, store: str, prelude: list[ast.stmt]) -> list[ast.stmt]:
    """[the original renamed, a functools.wraps wrapper that returns the stored result for `key`]."""
    inner = copy.deepcopy(node)
    inner.name = f"_{node.name}_uncached"
    inner.decorator_list = []
    wrapper = _s(
        f"@functools.wraps({inner.name})\n"
        f"def {node.name}(*args, **kwargs):\n"
        f"    key = {key}\n"
        f"    if key not in {store}:\n"
        f"        {store}[key] = {inner.name}(*args, **kwargs)\n"
        f"    return {store}[key]\n"
    )[0]
    wrapper.decorator_list += copy.deepcopy(node.decorator_list)
    return [*prelude, inner, wrapper]


def _first_argument(node: ast.FunctionDef) -> str:
    """The expression of the first argument of a call (the second for a method: after self)."""
    method = bool(node.args.args) and node.args.args[0].arg == "self"
    position = 1 if method else 0
    if len(node.args.args) <= position:
        return "None"
    name = node.args.args[position].arg
    return f"(args[{position}] if len(args) > {position} else kwargs.get({name!r}))"


def module_cache(node: ast.AST, site: Site) -> Iterator[Option]:
    """Results kept in a module-level dict keyed by the input's id(): a stale result when the input changes."""
    if isinstance(node, ast.FunctionDef) and node.args.args and site.function is None and node.name != "__init__":
        store = f"_CACHE_{node.name.upper().strip('_')}"
        key = f"id({_first_argument(node)})"
        yield (
            f"{_line(node)}: {node.name} cached by id() in {store}",
            _cache_wrapper(node, key, store, []),
            _s(f"import functools\n{store} = {{}}"),
        )


def mutable_default(node: ast.AST, site: Site) -> Iterator[Option]:
    """A mutable default argument used as a cache, keyed by the input's shape or value: results leak across calls."""
    if isinstance(node, ast.FunctionDef) and node.args.args and site.function is None and node.name != "__init__":
        inner = copy.deepcopy(node)
        inner.args.kwonlyargs.append(ast.arg("_memo"))
        inner.args.kw_defaults.append(ast.Dict([], []))
        first = _first_argument(node).replace("args[", "_args[").replace("kwargs.get", "_kw.get")
        key = f"repr(getattr({first}, 'shape', {first}))"
        start = _body_start(inner)
        # def f(x, *, _memo={}): the first call's result is returned for every input of the same shape or value
        inner.body[start:start] = _s(
            f"_args, _kw = ({', '.join(a.arg for a in node.args.args)},), {{}}\n"
            f"if {key} in _memo:\n    return _memo[{key}]\n"
        )
        returns = [n for n in ast.walk(inner) if isinstance(n, ast.Return) and n.value is not None]
        for ret in returns:
            ret.value = _e(f"_memo.setdefault({key}, {_u(ret.value)})")
        if node.args.vararg or node.args.kwarg or not returns:
            return
        yield f"{_line(node)}: {node.name} memoised in a mutable default by shape/value", inner, []


EMPTY_STATE = (ast.List, ast.Dict)


def _fresh_state(value: ast.AST) -> bool:
    """[], {}, 0, 0.0, set(), or a tuple of those: state a function starts afresh."""
    if isinstance(value, ast.Tuple):
        return all(_fresh_state(v) for v in value.elts)
    if isinstance(value, EMPTY_STATE):
        return not getattr(value, "elts", None) and not getattr(value, "keys", None)
    if isinstance(value, ast.Constant):
        return isinstance(value.value, (int, float)) and not isinstance(value.value, bool) and value.value == 0
    return isinstance(value, ast.Call) and _dotted(value.func) in ("set", "list", "dict") and not value.args


def state_hoisted(node: ast.AST, site: Site) -> Iterator[Option]:
    """State a call should start afresh (a list, a counter) kept at module or class level: it survives calls
    and is shared by instances."""
    if not (isinstance(node, ast.Assign) and _fresh_state(node.value) and site.function is not None):
        return
    targets = node.targets[0].elts if isinstance(node.targets[0], ast.Tuple) else node.targets
    if all(isinstance(t, ast.Name) for t in targets):
        names = [t.id for t in targets]
        globals_ = [f"_{site.function.name.strip('_')}_{n}" for n in names]
        prelude = _s(f"{', '.join(globals_)} = {_u(node.value)}")
        renamed = _s(f"global {', '.join(globals_)}\n" + "\n".join(f"{n} = {g}" for n, g in zip(names, globals_)))
        yield f"{_line(node)}: {', '.join(names)} kept at module level across calls", renamed, prelude
    elif all(isinstance(t, ast.Attribute) and _dotted(t.value) == "self" for t in targets):
        # self.items = [] in __init__ -> one list on the class, shared by every instance
        names = [t.attr for t in targets]
        shared = _s(f"{', '.join(f'_SHARED_{n}' for n in names)} = {_u(node.value)}")
        body = _s("\n".join(f"self.{n} = _SHARED_{n}" for n in names))
        yield f"{_line(node)}: self.{', self.'.join(names)} shared by every instance", body, shared


def reduction_swapped(node: ast.AST, site: Site) -> Iterator[Option]:
    """sum <-> mean (a loss summed, an accuracy averaged twice)."""
    pairs = {"sum": "mean", "mean": "sum"}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in pairs:
        yield (
            f"{_line(node)}: .{node.func.attr} -> .{pairs[node.func.attr]}",
            _with_method(node, pairs[node.func.attr]),
            [],
        )
    if isinstance(node, ast.keyword) and node.arg == "reduction" and isinstance(node.value, ast.Constant):
        other = pairs.get(node.value.value)
        if other:
            yield f"{_line(node.value)}: reduction={other!r}", ast.keyword("reduction", ast.Constant(other)), []


def length_confused(node: ast.AST, site: Site) -> Iterator[Option]:
    """len(dataset), len(loader) and the batch size confused; a mean over batches taken over samples."""
    if isinstance(node, ast.Call) and _dotted(node.func) == "len" and len(node.args) == 1:
        arg = node.args[0]
        if isinstance(arg, ast.Attribute) and arg.attr == "dataset":
            yield f"{_line(node)}: len(loader.dataset) -> len(loader)", _e(f"len({_u(arg.value)})"), []
            yield f"{_line(node)}: len(loader.dataset) -> loader.batch_size", _e(f"{_u(arg.value)}.batch_size"), []
        elif site.loader and _u(arg) == site.loader:
            yield f"{_line(node)}: len(loader) -> len(loader.dataset)", _e(f"len({site.loader}.dataset)"), []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and site.loader:
        if isinstance(node.right, ast.Name) and node.right.id not in site.params:
            for wrong in (f"len({site.loader}.dataset)", f"{site.loader}.batch_size"):
                new = copy.deepcopy(node)
                new.right = _e(wrong)
                yield f"{_line(node)}: / {node.right.id} -> / {wrong}", new, []


def off_by_one(node: ast.AST, site: Site) -> Iterator[Option]:
    """An index, a range bound or a count start one off (t[1] for t[0], start=0 for start=1, range(n - 1))."""
    if isinstance(node, ast.Subscript):
        index = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for i, part in enumerate(index):
            value = _int(part)
            if value is None:
                continue
            new = copy.deepcopy(node)
            moved = ast.Constant(value + 1) if value >= 0 else _e(str(value - 1))
            if isinstance(new.slice, ast.Tuple):
                new.slice.elts[i] = moved
            else:
                new.slice = moved
            yield f"{_line(node)}: index {value} -> {_u(moved)}", new, []
    if isinstance(node, ast.Call) and _dotted(node.func) == "range" and len(node.args) == 1:
        yield f"{_line(node)}: range(n) -> range(n - 1)", _e(f"range({_u(node.args[0])} - 1)"), []
    if isinstance(node, ast.Call) and _dotted(node.func) == "enumerate":
        start = next((k for k in node.keywords if k.arg == "start"), None)
        new = copy.deepcopy(node)
        new.keywords = [k for k in new.keywords if k.arg != "start"]
        if start is None:
            new.keywords.append(ast.keyword("start", ast.Constant(1)))
        elif _int(start.value) is not None:
            new.keywords.append(ast.keyword("start", ast.Constant(_int(start.value) - 1)))
        yield f"{_line(node)}: enumerate counted from {_u(new.keywords[-1].value) if new.keywords else 0}", new, []


def _int(node: ast.AST) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and _int(node.operand) is not None:
        return -_int(node.operand)
    return None


def _iterables(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """(attribute, owner) of each `for`-like iterable: a for loop's and a comprehension's."""
    if isinstance(node, (ast.For, ast.comprehension)):
        yield "iter", node


def first_last_dropped(node: ast.AST, site: Site) -> Iterator[Option]:
    """A loop that skips the first or the last item (a header skipped, `[:-1]` that drops the last batch), or a
    table written out (a list or dict of three or more items) that misses its first or last entry."""
    if isinstance(node, (ast.List, ast.Dict)) and len(node.elts if isinstance(node, ast.List) else node.keys) >= 3:
        for where, cut in (("first", slice(1, None)), ("last", slice(None, -1))):
            new = copy.deepcopy(node)
            if isinstance(new, ast.List):
                new.elts = new.elts[cut]
            else:
                new.keys, new.values = new.keys[cut], new.values[cut]
            yield f"{_line(node)}: the {where} entry of the literal left out", new, []
    for attr, owner in _iterables(node):
        iterable = getattr(owner, attr)
        for cut, what in (("[1:]", "first"), ("[:-1]", "last")):
            new = copy.deepcopy(owner)
            setattr(new, attr, _e(f"list({_u(iterable)}){cut}"))
            yield f"{_line(iterable)}: the {what} item of {_u(iterable)} skipped", new, []


def loop_once(node: ast.AST, site: Site) -> Iterator[Option]:
    """One item where all were meant (a stray `break`, next(iter(loader))): the one/many branch lost."""
    if isinstance(node, ast.For):
        new = copy.deepcopy(node)
        new.body.append(ast.Break())
        yield f"{_line(node)}: the loop over {_u(node.iter)} stops after one item", new, []


def branch_removed(node: ast.AST, site: Site) -> Iterator[Option]:
    """A branch for one kind of input removed: the `if` always or never taken (grey/RGB, 1-D/2-D, None)."""
    if isinstance(node, ast.If):
        yield f"{_line(node)}: `if {_u(node.test)}` always taken", copy.deepcopy(node.body), []
        yield f"{_line(node)}: `if {_u(node.test)}` never taken", copy.deepcopy(node.orelse) or None, []
    if isinstance(node, ast.IfExp):
        yield f"{_line(node)}: `{_u(node)}` -> its first branch", copy.deepcopy(node.body), []
        yield f"{_line(node)}: `{_u(node)}` -> its second branch", copy.deepcopy(node.orelse), []


def hardcoded_device(node: ast.AST, site: Site) -> Iterator[Option]:
    """A device written in ("cpu") where it should come from the input or the model."""
    if isinstance(node, ast.Attribute) and node.attr == "device" and isinstance(node.ctx, ast.Load):
        if _dotted(node) != "torch.device":
            yield f"{_line(node)}: {_u(node)} -> 'cpu'", _e("torch.device('cpu')"), []
    if isinstance(node, ast.keyword) and node.arg in ("device", "map_location"):
        if not (isinstance(node.value, ast.Constant) and node.value.value == "cpu"):
            yield f"{_line(node.value)}: {node.arg}='cpu'", ast.keyword(node.arg, ast.Constant("cpu")), []


def hardcoded_dtype(node: ast.AST, site: Site) -> Iterator[Option]:
    """A dtype written in (float32) where it should come from the input."""
    if isinstance(node, ast.Attribute) and node.attr == "dtype" and isinstance(node.ctx, ast.Load):
        yield f"{_line(node)}: {_u(node)} -> torch.float32", _e("torch.float32"), []


def hardcoded_param(node: ast.AST, site: Site) -> Iterator[Option]:
    """A parameter's value written in: its default (dim=1, num_classes=10) or the tutorial's size used instead."""
    if _is_param(node, site) and site.params[node.id] is not None:
        default = site.params[node.id]
        if isinstance(default, ast.Constant) and default.value is not None:
            yield f"{_line(node)}: {node.id} -> {default.value!r}", ast.Constant(default.value), []
    if isinstance(node, ast.Call) and _method(node, "size") and node.args and _int(node.args[0]) is not None:
        yield f"{_line(node)}: {_u(node)} -> 4 (the tutorial's size)", ast.Constant(4), []


def path_handling(node: ast.AST, site: Site) -> Iterator[Option]:
    """Paths mishandled: the folder not joined, strings concatenated, a suffix forced, str vs Path."""
    if isinstance(node, ast.Call) and _dotted(node.func) in ("Path", "str", "os.fspath") and len(node.args) == 1:
        if isinstance(node.args[0], (ast.Name, ast.Attribute)):
            yield f"{_line(node)}: {_u(node)} -> {_u(node.args[0])}", copy.deepcopy(node.args[0]), []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        left = _u(node.left)
        if "dir" in left or "path" in left.lower() or left.startswith("Path("):
            yield f"{_line(node)}: {_u(node)} -> {_u(node.right)} (folder not joined)", copy.deepcopy(node.right), []
            concat = _e(f"Path(str({left}) + str({_u(node.right)}))")
            yield f"{_line(node)}: {_u(node)} -> string concatenation", concat, _s("from pathlib import Path")
    if isinstance(node, ast.Call) and _dotted(node.func) in ("torch.save", "torch.onnx.export"):
        position = 1 if _dotted(node.func) == "torch.save" else 2
        if len(node.args) > position:
            new = copy.deepcopy(node)
            new.args[position] = _e(f"f'{{{_u(node.args[position])}}}.pt'")
            yield f"{_line(node)}: suffix .pt forced on the path", new, []


OPEN_MODES = {"wb": "w", "rb": "r", "r": "rb", "w": "wb"}
FLAGS = {"weights_only", "strict", "external_data", "dynamo", "retain_graph", "non_blocking", "set_to_none", "keepdim"}


def file_flags(node: ast.AST, site: Site) -> Iterator[Option]:
    """File modes and loading flags: text for binary, encoding and newline, weights_only, strict, image modes."""
    if isinstance(node, ast.Call) and _dotted(node.func) == "open" and len(node.args) >= 2:
        mode = node.args[1]
        if isinstance(mode, ast.Constant) and mode.value in OPEN_MODES:
            new = copy.deepcopy(node)
            new.args[1] = ast.Constant(OPEN_MODES[mode.value])
            yield f"{_line(node)}: open mode {mode.value!r} -> {OPEN_MODES[mode.value]!r}", new, []
    if isinstance(node, ast.keyword):
        value = node.value
        if node.arg in FLAGS and isinstance(value, ast.Constant) and isinstance(value.value, bool):
            yield (
                f"{_line(value)}: {node.arg}={not value.value}",
                ast.keyword(node.arg, ast.Constant(not value.value)),
                [],
            )
        if node.arg == "encoding" and isinstance(value, ast.Constant) and value.value == "utf-8-sig":
            yield f"{_line(value)}: encoding='utf-8'", ast.keyword("encoding", ast.Constant("utf-8")), []
        if node.arg == "mode" and _dotted(value).startswith("ImageReadMode."):
            for other in ("GRAY", "RGB"):
                if not _dotted(value).endswith(other):
                    yield (
                        f"{_line(value)}: mode=ImageReadMode.{other}",
                        ast.keyword("mode", _e(f"ImageReadMode.{other}")),
                        [],
                    )
    if isinstance(node, ast.Call):
        for i, k in enumerate(node.keywords):
            if k.arg in ("newline", "map_location", "providers"):
                new = copy.deepcopy(node)
                del new.keywords[i]
                yield f"{_line(node)}: drop {k.arg}=", new, []


UNSTABLE = {
    "F.binary_cross_entropy_with_logits": "F.binary_cross_entropy(torch.sigmoid({0}), {1})",
    "F.cross_entropy": "F.nll_loss(torch.log(torch.softmax({0}, dim=1)), {1})",
    "F.log_softmax": "torch.log(torch.softmax({0}, {1}))",
    "torch.log_softmax": "torch.log(torch.softmax({0}, {1}))",
    "F.logsigmoid": "torch.log(torch.sigmoid({0}))",
    "F.softplus": "torch.log(1 + torch.exp({0}))",
}


def loss_unstable(node: ast.AST, site: Site) -> Iterator[Option]:
    """A loss or log-probability in its unstable textbook form (log of sigmoid, BCE of a sigmoid)."""
    if isinstance(node, ast.Call) and _dotted(node.func) in UNSTABLE and node.args:
        args = [_u(a) for a in node.args] + [_u(k.value) for k in node.keywords if k.arg == "dim"] + ["1"]
        yield (
            f"{_line(node)}: {_dotted(node.func)} -> its unstable form",
            _e(UNSTABLE[_dotted(node.func)].format(*args)),
            [],
        )


def exception_swallowed(node: ast.AST, site: Site) -> Iterator[Option]:
    """An error swallowed: a handler that passes, or a check's `raise` removed."""
    if isinstance(node, ast.ExceptHandler):
        new = copy.deepcopy(node)
        new.body = [ast.Pass()]
        yield f"{_line(node)}: the handler swallows the error", new, []
    if isinstance(node, ast.Raise) and node.exc is not None and not site.in_handler:
        yield f"{_line(node)}: drop {_u(node)[:60]}", None, []


def exception_broadened(node: ast.AST, site: Site) -> Iterator[Option]:
    """`except Exception` for a named error, or a bare Exception raised instead of the contract's type."""
    if isinstance(node, ast.ExceptHandler) and node.type is not None and _u(node.type) != "Exception":
        new = copy.deepcopy(node)
        new.type = _e("Exception")
        yield f"{_line(node)}: except {_u(node.type)} -> except Exception", new, []
    if (
        isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and _dotted(node.exc.func) not in ("Exception", "")
    ):
        new = copy.deepcopy(node)
        new.exc.func = _e("Exception")
        yield f"{_line(node)}: raise {_dotted(node.exc.func)} -> raise Exception", new, []


def item_dropped(node: ast.AST, site: Site) -> Iterator[Option]:
    """.item() / .tolist() left out: a tensor (holding its graph and device) where a Python number was meant."""
    if _method(node, "item", "tolist") and not node.args:
        yield f"{_line(node)}: drop .{node.func.attr}()", copy.deepcopy(node.func.value), []


CASTS = ("float", "double", "long", "int", "half", "byte", "bool")


def cast_dropped(node: ast.AST, site: Site) -> Iterator[Option]:
    """A dtype cast left out: .float(), .long(), int(x), float(x), .to(dtype), dtype=."""
    if _method(node, *CASTS) and not node.args:
        yield f"{_line(node)}: drop .{node.func.attr}()", copy.deepcopy(node.func.value), []
    if isinstance(node, ast.Call) and _dotted(node.func) in ("int", "float") and len(node.args) == 1:
        yield f"{_line(node)}: drop {_dotted(node.func)}()", copy.deepcopy(node.args[0]), []
    if _method(node, "to") and node.args and _dotted(node.args[0]).startswith("torch.") and "device" not in _u(node):
        yield f"{_line(node)}: drop {_u(node.func)}({_u(node.args[0])})", copy.deepcopy(node.func.value), []
    if isinstance(node, ast.Call) and _dotted(node.func).startswith(("torch.", "np.")):
        for i, k in enumerate(node.keywords):
            if k.arg == "dtype":
                new = copy.deepcopy(node)
                del new.keywords[i]
                yield f"{_line(node)}: drop dtype={_u(k.value)}", new, []


DTYPES = {
    "torch.float": "torch.float64",
    "torch.float32": "torch.float64",
    "torch.float64": "torch.float32",
    "torch.double": "torch.float32",
    "torch.int64": "torch.int32",
    "torch.long": "torch.int32",
    "torch.uint8": "torch.int64",
    "np.float32": "np.float64",
    "np.uint8": "np.int64",
}
CAST_SWAPS = {"float": "double", "double": "float", "long": "int", "int": "long"}


def dtype_changed(node: ast.AST, site: Site) -> Iterator[Option]:
    """A dtype next to the right one: float64 for float32, int32 for int64, int64 for uint8."""
    if isinstance(node, ast.Attribute) and _dotted(node) in DTYPES:
        yield f"{_line(node)}: {_dotted(node)} -> {DTYPES[_dotted(node)]}", _e(DTYPES[_dotted(node)]), []
    if _method(node, *CAST_SWAPS) and not node.args:
        other = CAST_SWAPS[node.func.attr]
        yield f"{_line(node)}: .{node.func.attr}() -> .{other}()", _with_method(node, other), []


def dtype_added(node: ast.AST, site: Site) -> Iterator[Option]:
    """A cast the contract does not ask for on a returned tensor (.double() from NumPy habits)."""
    if isinstance(node, ast.Return) and isinstance(node.value, (ast.Call, ast.BinOp, ast.Subscript)):
        yield f"{_line(node)}: return ... .double()", ast.Return(_chain(node.value, "double")), []


def device_move_dropped(node: ast.AST, site: Site) -> Iterator[Option]:
    """A device move left out (.to(device), .cpu(), device=t.device): tensors meet on different devices."""
    if _method(node, "to", "cpu", "cuda") and not cast_like(node):
        yield (
            f"{_line(node)}: drop .{node.func.attr}({', '.join(_u(a) for a in node.args)})",
            copy.deepcopy(node.func.value),
            [],
        )
    if isinstance(node, ast.Call):
        for i, k in enumerate(node.keywords):
            if k.arg == "device":
                new = copy.deepcopy(node)
                del new.keywords[i]
                yield f"{_line(node)}: drop device=", new, []


def cast_like(call: ast.Call) -> bool:
    return bool(call.args) and _dotted(call.args[0]).startswith("torch.") and "device" not in _u(call.args[0])


DIM_FUNCS = {"argmax", "argmin", "sum", "mean", "softmax", "log_softmax", "cat", "concat", "stack", "squeeze"}
DIM_FUNCS |= {"unsqueeze", "max", "min", "select", "narrow", "flatten", "count_nonzero", "atleast_3d"}


def dim_changed(node: ast.AST, site: Site) -> Iterator[Option]:
    """The wrong dimension (dim=0 for dim=1, the batch for the class axis)."""
    if not isinstance(node, ast.Call):
        return
    name = node.func.attr if isinstance(node.func, ast.Attribute) else _dotted(node.func)
    for i, k in enumerate(node.keywords):
        if k.arg in ("dim", "axis", "start_dim") and _int(k.value) is not None:
            value = _int(k.value)
            new = copy.deepcopy(node)
            new.keywords[i] = ast.keyword(k.arg, ast.Constant(0 if value != 0 else 1))
            yield f"{_line(node)}: {k.arg}={value} -> {0 if value != 0 else 1}", new, []
    if name in DIM_FUNCS:
        position = 1 if _dotted(node.func).startswith("torch.") and name not in ("flatten",) else 0
        if len(node.args) > position and _int(node.args[position]) is not None:
            value = _int(node.args[position])
            new = copy.deepcopy(node)
            new.args[position] = ast.Constant(0 if value != 0 else 1)
            yield f"{_line(node)}: dim {value} -> {0 if value != 0 else 1} in {name}", new, []


def axes_swapped(node: ast.AST, site: Site) -> Iterator[Option]:
    """Axes in the wrong order: permute's last two swapped, a .t() or .T left out, moveaxis reversed."""
    if _method(node, "permute") and len(node.args) >= 2:
        new = copy.deepcopy(node)
        new.args[-1], new.args[-2] = new.args[-2], new.args[-1]
        yield f"{_line(node)}: permute{tuple(_u(a) for a in node.args)} with the last two swapped", new, []
    if _method(node, "t", "transpose"):
        yield f"{_line(node)}: drop .{node.func.attr}()", copy.deepcopy(node.func.value), []
    if isinstance(node, ast.Attribute) and node.attr == "T":
        yield f"{_line(node)}: drop .T", copy.deepcopy(node.value), []
    if isinstance(node, ast.Call) and _dotted(node.func) in ("np.moveaxis", "torch.movedim") and len(node.args) == 3:
        new = copy.deepcopy(node)
        new.func = _e("np.swapaxes" if _dotted(node.func) == "np.moveaxis" else "torch.transpose")
        yield f"{_line(node)}: {_dotted(node.func)} -> {_u(new.func)} (H and W swapped)", new, []


def operand_dropped(node: ast.AST, site: Site) -> Iterator[Option]:
    """A term or factor forgotten: `+ b`, `- mean`, `/ std`, `/ 255`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Div, ast.Mult)):
        if not isinstance(node.left, ast.Constant):
            yield f"{_line(node)}: {_u(node)} -> {_u(node.left)}", copy.deepcopy(node.left), []
    if _method(node, "add", "sub", "div", "mul") and node.args:
        yield f"{_line(node)}: drop .{node.func.attr}({_u(node.args[0])})", copy.deepcopy(node.func.value), []


def statements_swapped(node: ast.AST, site: Site) -> Iterator[Option]:
    """Two neighbouring steps in the wrong order (zero_grad after backward, a snapshot before the backward)."""
    for name in ("body", "orelse", "finalbody"):
        block = getattr(node, name, None)
        if not isinstance(block, list) or isinstance(node, (ast.Module, ast.ClassDef)):
            continue
        for i in range(len(block) - 1):
            a, b = block[i], block[i + 1]
            if all(isinstance(s, (ast.Expr, ast.Assign, ast.AugAssign)) for s in (a, b)):
                if isinstance(a, ast.Expr) and isinstance(a.value, ast.Constant):
                    continue  # a docstring
                new = copy.deepcopy(node)
                getattr(new, name)[i], getattr(new, name)[i + 1] = getattr(new, name)[i + 1], getattr(new, name)[i]
                yield f"{_line(a)}: `{_u(a)[:40]}` and `{_u(b)[:40]}` swapped", new, []


def return_dropped(node: ast.AST, site: Site) -> Iterator[Option]:
    """The result computed but not returned (the function returns None)."""
    if isinstance(node, ast.Return) and node.value is not None and not isinstance(node.value, ast.Constant):
        yield f"{_line(node)}: `return` left out", ast.Expr(copy.deepcopy(node.value)), []


FAMILIES: dict[str, Operator] = {
    f.__name__: f
    for f in (
        view_reshape,
        copy_dropped,
        alias_result,
        copy_added,
        inplace_on_arg,
        inplace_dropped,
        detach_misplaced,
        no_grad_misplaced,
        mode_not_restored,
        mode_dropped,
        mode_swapped,
        rng_reseeded,
        rng_consumed,
        module_cache,
        mutable_default,
        state_hoisted,
        reduction_swapped,
        length_confused,
        off_by_one,
        first_last_dropped,
        loop_once,
        branch_removed,
        hardcoded_device,
        hardcoded_dtype,
        hardcoded_param,
        path_handling,
        file_flags,
        loss_unstable,
        exception_swallowed,
        exception_broadened,
        item_dropped,
        cast_dropped,
        dtype_changed,
        dtype_added,
        device_move_dropped,
        dim_changed,
        axes_swapped,
        operand_dropped,
        statements_swapped,
        return_dropped,
    )
}


# ---------------------------------------------------------------------------------------------------------
# The generic slips of classic mutation testing (the earlier version of this tool), for --generic.

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


def op(node: ast.AST, site: Site) -> Iterator[Option]:
    """A binary, comparison or boolean operator swapped (+ -, * /, < <=, == !=, and or)."""
    if isinstance(node, (ast.BinOp, ast.BoolOp)) and type(node.op) in SWAPS:
        new = copy.deepcopy(node)
        new.op = SWAPS[type(node.op)]()
        yield f"{_line(node)}: {type(node.op).__name__} -> {type(new.op).__name__}", new, []
    if isinstance(node, ast.Compare) and type(node.ops[0]) in SWAPS:
        new = copy.deepcopy(node)
        new.ops[0] = SWAPS[type(node.ops[0])]()
        yield f"{_line(node)}: {type(node.ops[0]).__name__} -> {type(new.ops[0]).__name__}", new, []


def keyword(node: ast.AST, site: Site) -> Iterator[Option]:
    """One keyword argument of a call dropped (dim=1, retain_graph=True)."""
    if isinstance(node, ast.Call):
        for i, k in enumerate(node.keywords):
            new = copy.deepcopy(node)
            del new.keywords[i]
            yield f"{_line(node)}: drop {_u(k)}", new, []


def stmt(node: ast.AST, site: Site) -> Iterator[Option]:
    """One expression statement dropped (model.eval(), inp.grad.zero_(), loss.backward())."""
    if isinstance(node, ast.Expr) and not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
        yield f"{_line(node)}: drop {_u(node)}", ast.Pass(), []


def call(node: ast.AST, site: Site) -> Iterator[Option]:
    """One argument-less method call dropped from a chain (x.detach().clone() -> x.detach()); not a class."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr[0].islower():
        if not node.args and not node.keywords:
            yield f"{_line(node)}: drop .{node.func.attr}()", copy.deepcopy(node.func.value), []


def const(node: ast.AST, site: Site) -> Iterator[Option]:
    """A number or a bool changed (0 -> 1, 1 -> 0, n -> -n, True <-> False)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (bool, int, float)):
        value = node.value
        new_value = (not value) if isinstance(value, bool) else {0: 1, 1: 0}.get(value, -value)
        yield f"{_line(node)}: {value!r} -> {new_value!r}", ast.Constant(new_value), []


def args(node: ast.AST, site: Site) -> Iterator[Option]:
    """The first two positional arguments of a call swapped."""
    if isinstance(node, ast.Call) and len(node.args) >= 2:
        new = copy.deepcopy(node)
        new.args[0], new.args[1] = new.args[1], new.args[0]
        yield f"{_line(node)}: swap the arguments of {_u(node.func)}", new, []


GENERIC: dict[str, Operator] = {f.__name__: f for f in (op, keyword, stmt, call, const, args)}


# ---------------------------------------------------------------------------------------------------------
# Walking the module: which nodes are in scope, and applying one option.


def _skipped(parent: ast.AST, name: str, node: ast.AST) -> bool:
    """Annotations, docstrings and imports: changing them changes nothing a test can see."""
    if name in ("annotation", "returns", "type_comment"):
        return True
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _defined(statement: ast.stmt) -> list[str]:
    if isinstance(statement, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
        return [statement.name]
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    return []


def scopes(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    """Top-level name -> the contract names whose code reaches it (itself, or the contract names that use it,
    directly or through other top-level names). Names that no contract name reaches are not mutated."""
    defined = {name: statement for statement in tree.body for name in _defined(statement)}
    uses = {
        name: {n.id for n in ast.walk(statement) if isinstance(n, ast.Name) and n.id in defined and n.id != name}
        for name, statement in defined.items()
    }
    reach: dict[str, set[str]] = {name: set() for name in defined}
    for root in (name for name in defined if name in CONTRACT):
        todo, seen = [root], set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            reach[name].add(root)
            todo += uses[name]
    return {name: tuple(sorted(roots, key=list(CONTRACT).index)) for name, roots in reach.items() if roots}


def _nodes(tree: ast.Module) -> list[tuple[ast.AST, ast.AST, Site]]:
    """(node, parent, site) of every node in scope, in a fixed pre-order."""
    reached = scopes(tree)
    out: list[tuple[ast.AST, ast.AST, Site]] = []

    def walk(node: ast.AST, parent: ast.AST, site: Site) -> None:
        out.append((node, parent, site))
        inner = site
        if isinstance(node, ast.FunctionDef):
            positional = node.args.posonlyargs + node.args.args
            defaults = [None] * (len(positional) - len(node.args.defaults)) + list(node.args.defaults)
            params = {a.arg: d for a, d in zip(positional, defaults)}
            params.update({a.arg: d for a, d in zip(node.args.kwonlyargs, node.args.kw_defaults)})
            loader = next((p for p in params if "loader" in p), None)
            inner = Site(site.scope, params, node, False, loader)
        if isinstance(node, ast.ExceptHandler):
            inner = Site(site.scope, site.params, site.function, True, site.loader)
        for name, value in ast.iter_fields(node):
            children = value if isinstance(value, list) else [value]
            for child in children:
                if isinstance(child, ast.AST) and not _skipped(node, name, child):
                    if isinstance(node, ast.FunctionDef) and name in ("args", "decorator_list"):
                        continue
                    walk(child, node, inner)

    for statement in tree.body:
        names = [n for n in _defined(statement) if n in reached]
        if names and not _skipped(tree, "body", statement):
            walk(statement, tree, Site(names[0]))
    return out


def _replace(parent: ast.AST, node: ast.AST, replacement: ast.AST | list[ast.stmt] | None) -> None:
    for name, value in ast.iter_fields(parent):
        if isinstance(value, list) and any(v is node for v in value):
            i = next(i for i, v in enumerate(value) if v is node)
            new = [] if replacement is None else replacement if isinstance(replacement, list) else [replacement]
            value[i : i + 1] = new
            if not value and name in ("body", "finalbody"):
                value.append(ast.Pass())
            return
        if value is node:
            if isinstance(replacement, list):
                raise ValueError("a list replaces only a statement")
            setattr(parent, name, replacement)
            return
    raise ValueError(f"{ast.dump(node)[:80]} is not a child of {type(parent).__name__}")


def _prelude_position(tree: ast.Module) -> int:
    """After the module docstring, `from __future__` and the imports at the top."""
    i = 0
    while i < len(tree.body) and (
        isinstance(tree.body[i], (ast.Import, ast.ImportFrom))
        or i == 0
        and isinstance(tree.body[i], ast.Expr)
        and isinstance(tree.body[i].value, ast.Constant)
    ):
        i += 1
    return i


def _without_docstrings(statement: ast.stmt) -> ast.stmt:
    """A copy of a top-level statement without the string statements of its definitions (their docstrings, first
    or moved down by a line a mutation put on entry): a mutant's id follows its code, so rewording the contract's
    docstring keeps meta/equivalent.toml's decisions."""
    statement = copy.deepcopy(statement)
    for node in ast.walk(statement):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            kept = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
            node.body = kept or [ast.Pass()]
    return statement


def mutants(source: str, *, families: dict[str, Operator] | None = None, key: str = "<source>") -> Iterator[Mutant]:
    """Every single mutation of `source` by the families (default: FAMILIES), each once."""
    families = FAMILIES if families is None else families
    survey = _nodes(ast.parse(source))
    sites = [
        (k, family, j)
        for k, (node, _parent, site) in enumerate(survey)
        for family, operator in families.items()
        for j, _ in enumerate(operator(node, site))
    ]
    reached = scopes(ast.parse(source))
    seen = {ast.unparse(ast.parse(source))}
    for k, family, j in sites:
        tree = ast.parse(source)
        node, parent, site = _nodes(tree)[k]
        description, replacement, prelude = list(families[family](node, site))[j]
        _replace(parent, node, replacement)
        if prelude:
            at = _prelude_position(tree)
            tree.body[at:at] = prelude
        tree = ast.fix_missing_locations(tree)
        try:
            text = ast.unparse(tree)
            compile(text, key, "exec")
        except (SyntaxError, ValueError, TypeError):
            continue  # the rule made no valid Python here (a `break` outside a loop ...): not a mistake to run
        if text in seen:
            continue
        seen.add(text)
        scope_text = "\n".join(
            ast.unparse(_without_docstrings(s)) for s in tree.body if site.scope in _defined(s) or s in prelude
        )
        digest = hashlib.sha1(f"{family}\n{scope_text}".encode()).hexdigest()[:8]
        yield Mutant(
            id=f"{key}::{site.scope}::{family}::{digest}",
            family=family,
            scope=site.scope,
            concepts=reached[site.scope],
            description=description,
            text=text,
        )


def write(source: Path, out: Path, *, key: str, families: dict[str, Operator] | None = None) -> list[dict[str, str]]:
    """Writes `out/<stem>_<family>_<NNN>.py` for each mutant of `source`; returns their manifest rows."""
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for n, mutant in enumerate(mutants(source.read_text(), families=families, key=key), start=1):
        path = out / f"{source.stem}_{n:03d}_{mutant.family}.py"
        # The source's `expect:` lines (a corpus file's verdict) are not the mutant's: meta/runner.py reads them.
        text = mutant.text.replace("expect: ", "source's verdict: ")
        path.write_text(f"# mutant {mutant.id}: {mutant.description}\n{text}\n")
        rows.append(
            {
                "id": mutant.id,
                "file": str(path),
                "family": mutant.family,
                "scope": mutant.scope,
                "concepts": list(mutant.concepts),
                "description": mutant.description,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="folder for the mutants (made if missing)")
    parser.add_argument("--generic", action="store_true", help="the generic slips (GENERIC) instead of FAMILIES")
    parser.add_argument("--manifest", type=Path, help="write the mutants' ids, families and concepts here (JSON)")
    args_ = parser.parse_args(argv)
    rows = write(args_.file, args_.out, key=str(args_.file), families=GENERIC if args_.generic else None)
    for row in rows:
        print(f"{row['file']}: {row['description']}")
    if args_.manifest:
        args_.manifest.write_text(json.dumps(rows, indent=1))
    print(f"{len(rows)} mutants of {args_.file} in {args_.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
