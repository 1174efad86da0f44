"""An error the learner's code raised, in the spec's words, and the concept it speaks about.

pytest's own report of an error shows the kit's test source and hypothesis's and torch's frames before the
learner's line. The plugin (spec/plugin/hooks.py) turns such an error into a `Failure` (spec/results/failure.py)
whose `where` is the learner's file and line, whose `raised` is the learner's own frames, and whose concept is
the contract name whose call raised: the innermost frame of the learner's module that is a contract name (a
function, or a method of a contract class). A test that uses `to_tensor` and `one_hot` and fails inside
`one_hot` blames `one_hot` alone (spec/results/model.py: the other concept is "not judged" by that test).

    one_hot raises AttributeError at my.py line 14, called by FashionMNIST's __getitem__ in a test
    -> Failure(concept="one_hot", call="one_hot(label=9, num_classes=10)", actual="AttributeError: ...",
               where="my.py:14", raised="my.py:14 in one_hot: index = label.item()", kind="raised", ...)
"""

from __future__ import annotations

import ast
import dis
import inspect
import linecache
import os
from dataclasses import replace
from types import CodeType, FrameType, ModuleType, TracebackType
from typing import Any

import torch

from spec.contract import CONTRACT
from spec.helpers.checks import short, source_of
from spec.loading import impl as impl_mod
from spec.loading import notebook
from spec.loading.impl import Impl
from spec.results.failure import Failure

MAX_FRAMES = 4  # the learner's frames shown, innermost last
MAX_MESSAGE = 300  # characters of the exception's message


def own_frames(tb: TracebackType | None, module: ModuleType) -> list[tuple[FrameType, int]]:
    """(frame, line) of each frame of `tb` in the learner's module, outermost first."""
    frames = []
    while tb is not None:
        if impl_mod._owns(tb.tb_frame, module):
            frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def where(frame: FrameType, line: int) -> str:
    """Where `frame` was at `line`, as `location` writes it."""
    return location(frame.f_code.co_filename, line)


def location(filename: str, line: int) -> str:
    """ "my.py:14", or for a notebook's module "lesson.ipynb[4]:3" (cell 4, its line 3): no words to translate."""
    cell = notebook.locate(filename, line)
    if cell is not None:
        return f"{os.path.basename(cell.notebook)}[{cell.cell}]:{cell.line}"
    return f"{os.path.basename(filename)}:{line}"


def concept_of(frame: FrameType) -> str | None:
    """The contract name a frame runs: its function's name, or the class (or a base class) of its `self`."""
    name = frame.f_code.co_name
    if name in CONTRACT:
        return name
    owner = frame.f_locals.get("self", frame.f_locals.get("cls"))
    if owner is not None:
        classes = owner.__mro__ if isinstance(owner, type) else type(owner).__mro__
        return next((c.__name__ for c in classes if c.__name__ in CONTRACT), None)
    return None


def raiser(frames: list[tuple[FrameType, int]]) -> tuple[str, FrameType] | None:
    """(contract name, its frame) of the innermost learner frame that is a contract name."""
    for frame, _ in reversed(frames):
        concept = concept_of(frame)
        if concept is not None:
            return concept, frame
    return None


def literal(value: Any) -> str | None:
    """Source text that rebuilds `value` exactly, for a reproduce line; None where there is none."""
    if isinstance(value, torch.Tensor):
        if value.numel() <= 12 and value.device.type == "cpu" and not value.requires_grad:
            dtype = "" if value.dtype in (torch.float32, torch.int64, torch.bool) else f", dtype={value.dtype}"
            return f"torch.tensor({value.tolist()!r}{dtype})"
        return None
    if isinstance(value, (bool, int, float, str, type(None))):
        text = repr(value)
    elif isinstance(value, (list, tuple, dict)) and len(repr(value)) <= 200:
        text = repr(value)
    else:
        return None
    try:
        return text if ast.literal_eval(text) == value else None
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _literal_or_none(value: Any) -> str | None:
    try:
        return literal(value)
    except Exception:  # noqa: BLE001 - a value whose repr or tolist raises: shown, not replayed
        return None


def _rebinds_arguments(code: CodeType) -> bool:
    """Whether the function assigns to one of its own parameters (then its locals are no longer its arguments)."""
    n = code.co_argcount + code.co_kwonlyargcount
    params = set(code.co_varnames[:n])
    stores = ("STORE_FAST", "STORE_DEREF", "DELETE_FAST", "STORE_FAST_STORE_FAST", "STORE_FAST_LOAD_FAST")
    for ins in dis.get_instructions(code):
        if ins.opname in stores and (ins.argval in params or any(a in params for a in _names(ins.argval))):
            return True
    return False


def _names(argval: Any) -> tuple[str, ...]:
    return tuple(argval) if isinstance(argval, tuple) else ()


def call_of(concept: str, frame: FrameType) -> tuple[str, str]:
    """(the call as a learner reads it, a reproduce line or "") of the contract name's frame, from its arguments:
    `one_hot(3, num_classes=10)`. A method reads `NeuralNetwork.forward(x=...)`. The reproduce line is given only
    for a function whose arguments are all literals and that never assigns to them."""
    code = frame.f_code
    method = code.co_name != concept  # a method of a contract class
    name = f"{concept}.{code.co_name}" if method else concept
    if _rebinds_arguments(code) or code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return f"{name}(...)", ""
    positional = [p for p in code.co_varnames[: code.co_argcount] if p not in ("self", "cls")]
    keyword = list(code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount])
    values = {p: frame.f_locals.get(p) for p in positional + keyword}
    literals = {p: _literal_or_none(value) for p, value in values.items()}
    texts = {p: literals[p] or _shown(value) for p, value in values.items()}
    args = ", ".join([*(texts[p] for p in positional), *(f"{p}={texts[p]}" for p in keyword)])
    text = f"{name}({args})"
    return text, text if not method and all(v is not None for v in literals.values()) else ""


def _shown(value: Any) -> str:
    """An argument as the call shows it: a large tensor as code that makes one like it, anything else short."""
    try:
        if isinstance(value, torch.Tensor) and value.numel() > 12:
            return source_of(value)
        text = short(value, limit=80)
        # An object Python shows by its address, or over several lines (an optimizer): its class, as code.
        return f"{type(value).__name__}(...)" if "\n" in text or " at 0x" in text else text
    except Exception:  # noqa: BLE001 - a value torch cannot describe (an odd dtype), or a repr that raises
        return f"<{type(value).__name__}>"


def _frames_text(frames: list[tuple[FrameType, int]]) -> str:
    """The learner's frames, innermost last: "my.py:14 in one_hot: index = label.item()"."""
    lines = []
    for frame, line in frames[-MAX_FRAMES:]:
        code = linecache.getline(frame.f_code.co_filename, line).strip()
        lines.append(f"{where(frame, line)} in {frame.f_code.co_name}: {code}" if code else where(frame, line))
    return "\n".join(lines)


def exception_text(exc: BaseException) -> str:
    """ "AttributeError: 'int' object has no attribute 'item'", the message cut to MAX_MESSAGE characters."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 3] + "..."
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def from_error(exc: BaseException, impl: Impl) -> Failure | None:
    """A raw error that the learner's code raised (it runs through their module), in the spec's words; None for
    an error that never ran through their code."""
    frames = own_frames(exc.__traceback__, impl.module)
    if not frames:
        return None
    found = raiser(frames)
    if found is not None:
        concept, frame = found
        call, reproduce = call_of(concept, frame)
    else:  # a helper of theirs at module level, called by a contract name through a path the frames lost
        concept = next((n for n in reversed(impl.used) if n in CONTRACT), None)
        if concept is None:
            return None
        call, reproduce = f"{concept}(...)", ""
    last, line = frames[-1]
    return Failure(
        concept=concept,
        call=call,
        actual=exception_text(exc),
        expected="",
        kind="raised",
        reproduce=reproduce,
        raised=_frames_text(frames),
        where=where(last, line),
    )


def located(failure: Failure, exc: BaseException, impl: Impl) -> Failure:
    """A check's failure of a call that raised (spec/helpers/checks.py call_checked), with the learner's file and
    line and their own frames in place of the last frames of the whole traceback; the same failure, without
    those frames, where the error never ran through their code."""
    frames = own_frames(exc.__traceback__, impl.module)
    if not frames:
        return replace(failure, raised="")
    last, line = frames[-1]
    return replace(failure, raised=_frames_text(frames), where=where(last, line), actual=exception_text(exc))


def leaves(exc: BaseException) -> list[BaseException]:
    """The exceptions of a (nested) exception group, in order; [exc] for any other exception. hypothesis raises
    a group when one test found several distinct errors."""
    group = getattr(exc, "exceptions", None)  # BaseExceptionGroup (Python 3.11+, or the backport on 3.10)
    if isinstance(group, tuple) and all(isinstance(sub, BaseException) for sub in group):
        return [leaf for sub in group for leaf in leaves(sub)]
    return [exc]
