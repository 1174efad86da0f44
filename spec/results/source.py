"""What a learner's definitions contain, read with `ast` (nothing of theirs runs): the source evidence of the named
mistakes (spec/results/mistakes.py).

    defs = definitions("my_solution.py")            # {"train_loop": FunctionDef, "NeuralNetwork": ClassDef, ...}
    has_zero_grad_missing_or_misplaced(defs["train_loop"])  # {"line": 12, "how": "between"} or None

Each `has_*` reads one definition and returns the line of the construct (and the fields its words need), or None.
"""

from __future__ import annotations

import ast
import os
import re
from functools import lru_cache
from typing import Any

MAX_SOURCE = 1_000_000  # bytes: a learner's file is a few kB; anything larger is not read for mistakes


@lru_cache(maxsize=16)
def _definitions(path: str, _stamp: tuple[int, int]) -> dict[str, ast.AST]:
    """Top-level function and class definitions of a file by name (the last one wins, as when Python runs it)."""
    try:
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read())
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError, MemoryError, RecursionError):
        return {}
    return {
        node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    }


def definitions(path: str | None) -> dict[str, ast.AST]:
    """The file's definitions, parsed once per version of the file; {} when it cannot be read or parsed."""
    if not path:
        return {}
    try:
        stat = os.stat(path)
    except OSError:
        return {}
    if stat.st_size > MAX_SOURCE:  # the grader reads a submission in its own process: parse only a plausible file
        return {}
    return _definitions(path, (stat.st_mtime_ns, stat.st_size))


def _name(node: ast.AST) -> str:
    """The last name of a called thing: `pd.read_csv` -> "read_csv", `self.fc3` -> "fc3"."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _calls(node: ast.AST, name: str) -> list[ast.Call]:
    return [c for c in ast.walk(node) if isinstance(c, ast.Call) and _name(c.func) == name]


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_const(node: ast.AST | None, value: Any) -> bool:
    """`node` is the literal `value` (True is not 1)."""
    return isinstance(node, ast.Constant) and type(node.value) is type(value) and node.value == value


# Each `has_*` reads one definition and returns {"line": n, ...fields for the words} or None.


def has_csv_header_read(node: ast.AST) -> dict | None:
    """pd.read_csv(...) with pandas' default header (the first line becomes the column names), skiprows=1, or a
    csv.reader's first row dropped with next(reader)."""
    for call in _calls(node, "read_csv"):
        header, names, skip = _keyword(call, "header"), _keyword(call, "names"), _keyword(call, "skiprows")
        default_header = header is None or _is_const(header, 0) or _is_const(header, "infer")
        if (default_header and names is None) or _is_const(skip, 1):
            return {"line": call.lineno}
    for call in _calls(node, "next"):  # csv.reader's first row dropped: `next(reader)`
        if call.args and "reader" in ast.unparse(call.args[0]):
            return {"line": call.lineno}
    return None


_ACTIVATIONS = {
    "ReLU",
    "Softmax",
    "LogSoftmax",
    "Sigmoid",
    "Tanh",
    "LeakyReLU",
    "relu",
    "softmax",
    "log_softmax",
    "sigmoid",
    "tanh",
}


def has_activation_after_last_linear(node: ast.AST) -> dict | None:
    """nn.Sequential(..., nn.Linear(...), nn.ReLU()) ending on an activation, or forward returning one applied."""
    for call in _calls(node, "Sequential"):
        layers = [a for a in call.args if isinstance(a, ast.Call)]
        if any(_name(a.func) == "Linear" for a in layers) and layers and _name(layers[-1].func) in _ACTIVATIONS:
            return {"line": layers[-1].lineno, "layer": _name(layers[-1].func)}
    for fn in ast.walk(node):
        if isinstance(fn, ast.FunctionDef) and fn.name == "forward":
            for ret in (r for r in ast.walk(fn) if isinstance(r, ast.Return) and isinstance(r.value, ast.Call)):
                called = _name(ret.value.func)
                if called in _ACTIVATIONS or called.lower() in {a.lower() for a in _ACTIVATIONS}:
                    return {"line": ret.lineno, "layer": called}
    return None


def _guarded(parents: list[ast.AST]) -> bool:
    """Inside an `if`/conditional expression that decides from torch (is_available) or from a device the caller gave."""
    return any(
        isinstance(p, (ast.If, ast.IfExp))
        and ("is_available" in ast.unparse(p.test) or "device" in ast.unparse(p.test))
        for p in parents
    )


def has_hard_coded_cuda(node: ast.AST) -> dict | None:
    """`.cuda()` or the device "cuda" written in, outside any `if torch.cuda.is_available()`."""

    def visit(n: ast.AST, parents: list[ast.AST]) -> dict | None:
        hit = (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "cuda") or (
            isinstance(n, ast.Constant) and isinstance(n.value, str) and re.fullmatch(r"cuda(:\d+)?", n.value)
        )
        compared = bool(parents) and isinstance(parents[-1], ast.Compare)  # `device.type == "cuda"` asks, not sets
        if hit and not compared and not _guarded(parents):
            return {"line": n.lineno}
        for child in ast.iter_child_nodes(n):
            found = visit(child, [*parents, n])
            if found:
                return found
        return None

    return visit(node, [])


def _mode_calls(node: ast.AST, mode: str) -> list[ast.Call]:
    """model.train() / model.train(True) for "train"; model.eval() (or .train(False)) for "eval"."""
    calls = []
    for call in _calls(node, "train") + _calls(node, "eval"):
        flag = call.args[0] if call.args else _keyword(call, "mode")
        is_train = _name(call.func) == "train" and (flag is None or _is_const(flag, True))
        is_eval = _name(call.func) == "eval" or (_name(call.func) == "train" and _is_const(flag, False))
        if (mode == "train" and is_train) or (mode == "eval" and is_eval):
            calls.append(call)
    return calls


def has_no_train_call(node: ast.AST) -> dict | None:
    return None if _mode_calls(node, "train") else {"line": node.lineno}


def has_no_eval_call(node: ast.AST) -> dict | None:
    return None if _mode_calls(node, "eval") else {"line": node.lineno}


def has_zero_grad_missing_or_misplaced(node: ast.AST) -> dict | None:
    """No zero_grad(); one outside the batch loop (once per epoch); or one between backward() and step()."""
    zeros = _calls(node, "zero_grad")
    if not zeros:
        return {"line": node.lineno, "how": "missing"}
    # What runs once per batch: the body of a loop or a comprehension, or a function defined inside (called per batch).
    per_batch = {
        id(inner)
        for n in ast.walk(node)
        if n is not node
        and isinstance(n, (ast.For, ast.While, ast.ListComp, ast.GeneratorExp, ast.FunctionDef, ast.Lambda))
        for inner in ast.walk(n)
    }
    in_loop = [z for z in zeros if id(z) in per_batch]
    if not in_loop and any(id(b) in per_batch for b in _calls(node, "backward")):
        return {"line": zeros[0].lineno, "how": "once"}
    backward = [c.lineno for c in _calls(node, "backward")]
    step = [c.lineno for c in _calls(node, "step")]
    for z in in_loop:
        if backward and step and min(backward) < z.lineno < max(step):
            return {"line": z.lineno, "how": "between"}
    return None


def has_loss_over_dataset(node: ast.AST) -> dict | None:
    """A sum divided by len(loader.dataset) (the number of samples), other than the accuracy's `correct /= size`."""
    sizes = {  # names bound to len(<x>.dataset)
        t.id
        for a in ast.walk(node)
        if isinstance(a, ast.Assign)
        for t in a.targets
        if isinstance(t, ast.Name) and "len(" in ast.unparse(a.value) and ".dataset" in ast.unparse(a.value)
    }

    def is_size(e: ast.expr) -> bool:
        text = ast.unparse(e)
        return (isinstance(e, ast.Name) and e.id in sizes) or (text.startswith("len(") and text.endswith(".dataset)"))

    for n in ast.walk(node):
        if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Div) and is_size(n.value):
            left = ast.unparse(n.target)
        elif isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div) and is_size(n.right):
            left = ast.unparse(n.left)
        else:
            continue
        if not any(word in left.lower() for word in ("correct", "acc", "right", "hit")):
            return {"line": n.lineno}
    return None


def has_weights_only_false(node: ast.AST) -> dict | None:
    for call in _calls(node, "load"):
        if _is_const(_keyword(call, "weights_only"), False):
            return {"line": call.lineno}
    return None


def has_load_without_weights_only(node: ast.AST) -> dict | None:
    for call in _calls(node, "load"):
        if "torch" in ast.unparse(call.func) and _keyword(call, "weights_only") is None:
            return {"line": call.lineno}
    return None


def has_no_returned_value(node: ast.AST) -> dict | None:
    """Returns nothing (the tutorial's test_loop prints its accuracy and loss instead)."""
    returns = [r for r in ast.walk(node) if isinstance(r, ast.Return) and r.value is not None]
    return None if returns else {"line": node.lineno}
