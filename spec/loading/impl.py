"""Loading the implementation under test and handing its contract names to the tests.

Tests never touch the learner's module directly: they ask the `impl` fixture for a contract name.
A name the module lacks becomes a "not implemented" skip, so a learner who has written only
`one_hot` sees one_hot's tests pass or fail and every other concept reported as not yet done.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import linecache
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType, ModuleType, TracebackType
from typing import Any

import pytest

from spec import contract, i18n
from spec.contract import CONTRACT
from spec.loading import notebook

MISSING = "missing"  # the module does not define the name
RAISES = "raises"  # the name is a stub: its own `raise NotImplementedError`
# The name a learner's file is imported under, whatever the file is called: no module of torch, the spec,
# the reference or the standard library has it (meta/test_plugin.py).
MODULE_NAME = "_spec_submission"


class NotImplementedSkip(pytest.skip.Exception):
    """Skip raised when a contract name is missing or raises NotImplementedError; its reason as fields.

    `why` is MISSING (then `target` names the module) or RAISES; `render(lang)` words them from i18n's
    templates, with the concept's one location (contract.section). The skip's own message is the English one.
    """

    def __init__(self, name: str, why: str, target: str = "") -> None:
        self.concept_name = name
        self.why = why
        self.target = target
        super().__init__(self.render("en"), _use_item_location=True)

    def render(self, lang: str = "en") -> str:
        """'not implemented: one_hot (it raises NotImplementedError) [tutorial 1.5.3 ...]', or in Chinese."""
        where = contract.section(self.concept_name).text(lang)
        return i18n.t(f"not_implemented_{self.why}", lang, name=self.concept_name, target=self.target, where=where)


class Rejected(Exception):
    """The learner's function called hypothesis' reject() or assume(False): hypothesis would take the input
    as one to avoid, and a function that rejects the inputs it gets wrong would pass its property tests."""


def _rejection(exc: BaseException) -> bool:
    """Whether `exc` is hypothesis' UnsatisfiedAssumption (reject(), assume(False)). Looked up where hypothesis is
    already imported: `spec check` must not import it before pytest does (spec/plugin/profiles.py)."""
    errors = sys.modules.get("hypothesis.errors")
    return errors is not None and isinstance(exc, errors.UnsatisfiedAssumption)


class ImplImportError(Exception):
    """The implementation could not be imported; the message names file and line."""


def load_module(target: str) -> ModuleType:
    """Import `target`: a path to a .py file or a dotted module name. Raises ImplImportError."""
    looks_like_file = target.endswith((".py", ".ipynb")) or os.sep in target or "/" in target
    if looks_like_file:
        path = Path(target).expanduser().resolve()
        if not path.is_file():
            raise ImplImportError(f"--impl {target}: no such file ({path})")
        if path.suffix == ".ipynb":  # its definitions, written as a module file (spec/loading/notebook.py)
            return _load_notebook(target)
        return _exec_file(target, path)
    try:
        return importlib.import_module(target)
    except BaseException as exc:
        raise ImplImportError(_describe_import_failure(target, exc, None)) from exc


def _load_notebook(target: str) -> ModuleType:
    """A notebook's definitions as a module; a cell whose kept code raises when loaded is left out whole
    (notebook.BrokenCell) and the module made again without it, so one bad cell never refuses the notebook."""
    broken: list[notebook.BrokenCell] = []
    while True:
        try:
            path = notebook.prepare(target, broken=broken).module_path
        except notebook.NotebookError as exc:
            raise ImplImportError(f"--impl {target}: {exc}") from None
        try:
            return _exec_file(target, path)
        except ImplImportError as exc:
            cause = exc.__cause__
            frames = traceback.extract_tb(cause.__traceback__) if isinstance(cause, Exception) else []
            where = next(
                (w for f in reversed(frames) if (w := notebook.locate(f.filename, f.lineno)) is not None), None
            )
            if where is None or any(b.where.cell == where.cell for b in broken):
                raise
            broken.append(notebook.BrokenCell(where, f"{type(cause).__name__}: {cause}"))


def _exec_file(target: str, path: Path) -> ModuleType:
    """Import the .py file at `path` as the module MODULE_NAME, whatever the file is called; raises ImplImportError."""
    spec = importlib.util.spec_from_file_location(MODULE_NAME, path)
    if spec is None or spec.loader is None:
        raise ImplImportError(f"--impl {target}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    # Registered under the one fixed name, never the file's own: a file called torch.py, spec.py or
    # reference.py would otherwise replace sys.modules["torch"] (or become the reference). Registered at
    # all so that pickled classes (save_model) can be found again.
    sys.modules[MODULE_NAME] = module
    # The learner's folder, for their own helper modules, goes after the installed ones: a file there
    # named like a module (inspect.py, onnx.py) is never imported in its place.
    if str(path.parent) not in sys.path:
        sys.path.append(str(path.parent))
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:
        sys.modules.pop(MODULE_NAME, None)
        raise ImplImportError(_describe_import_failure(target, exc, str(path))) from exc
    return module


def _describe_import_failure(target: str, exc: BaseException, path: str | None) -> str:
    if isinstance(exc, SyntaxError):
        where = notebook.locate(exc.filename, exc.lineno) or f"{exc.filename}, line {exc.lineno}"
        return f"--impl {target}: syntax error in {where}: {exc.msg}\n    {(exc.text or '').rstrip()}"
    if isinstance(exc, ModuleNotFoundError) and path is None and exc.name == target.split(".")[0]:
        return f"--impl {target}: no module named {target!r} (give a path ending in .py, or a module on sys.path)"
    frames = traceback.extract_tb(exc.__traceback__)
    # The deepest frame inside the learner's file is the line they have to fix.
    own = [f for f in frames if path is None or f.filename == path] or frames
    loc = (
        notebook.locate(own[-1].filename, own[-1].lineno) or f"{own[-1].filename}, line {own[-1].lineno}"
        if own
        else target
    )
    shadow = _shadowed(exc, Path(path).parent) if path is not None else None
    return f"--impl {target}: importing it raised {type(exc).__name__}: {exc} ({loc})" + (
        f"\n    the cause may be the file name {shadow}.py: it is also the name of an installed module, "
        f"which Python imports in its place; rename your {shadow}.py"
        if shadow
        else ""
    )


def _shadowed(exc: BaseException, folder: Path) -> str | None:
    """The module name that a file of the learner's folder shares with an installed module, where `exc` is
    about that module (`from utils import f` got the installed `utils`): the learner's folder comes after
    the installed modules on sys.path (load_module)."""
    name = exc.name if isinstance(exc, ImportError) else None
    if isinstance(exc, AttributeError) and isinstance(getattr(exc, "obj", None), ModuleType):
        name = exc.obj.__name__
    top = (name or "").split(".")[0]
    if not top or not ((folder / f"{top}.py").is_file() or (folder / top / "__init__.py").is_file()):
        return None
    installed = getattr(sys.modules.get(top), "__file__", None) or ""
    return top if not installed.startswith(str(folder) + os.sep) else None


def _owns(frame: FrameType, module: ModuleType) -> bool:
    """Whether `frame` runs `module`'s own code: its file, or (a notebook's cells are many files, each
    run in the kernel's one namespace) its globals."""
    filename = getattr(module, "__file__", None)
    same_file = filename is not None and os.path.abspath(frame.f_code.co_filename) == os.path.abspath(filename)
    return same_file or frame.f_globals is vars(module)


def raised_in(tb: TracebackType | None, module: ModuleType) -> bool:
    """True when the innermost frame of `tb` is a `raise` statement in `module`'s own file (a stub).

    A NotImplementedError that torch raises from inside a learner's call
    (`torch.rand_like(int_tensor)`: "not implemented for 'Long'") also ends in the learner's frame,
    but on their call, not on a `raise`: that one is a failure, not a stub.
    """
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    code_file = tb.tb_frame.f_code.co_filename
    if not _owns(tb.tb_frame, module):
        return False
    return linecache.getline(code_file, tb.tb_lineno).lstrip().startswith("raise")


def passed_through(tb: TracebackType | None, module: ModuleType) -> bool:
    """True when an exception's traceback runs through `module`'s own code (it came from the learner's call)."""
    while tb is not None:
        if _owns(tb.tb_frame, module):
            return True
        tb = tb.tb_next
    return False


class Impl:
    """Attribute access to the contract names of one module; missing names skip as not implemented.

    `impl.one_hot` is the module's own `one_hot`. Every name asked for is recorded in `used`, so the
    report can say which concepts a test exercised.
    """

    def __init__(self, module: ModuleType, target: str) -> None:
        self.module = module
        self.target = target
        self.used: list[str] = []

    def __getattr__(self, name: str) -> Any:
        if name not in CONTRACT:
            raise AttributeError(f"{name!r} is not a contract name (see spec/contract.py)")
        if name not in self.used:
            self.used.append(name)
        value = getattr(self.module, name, None)
        if value is None:
            raise NotImplementedSkip(name, MISSING, self.target)
        if inspect.isfunction(value):
            return self._stub_aware(name, value)
        return value  # classes and data: a stub's NotImplementedError is caught by the plugin's report hook

    def _stub_aware(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """fn, whose own `raise NotImplementedError` becomes a not-implemented skip at the call.

        Skipping at once matters under hypothesis: it re-raises pytest's skip immediately, but takes any
        other exception for a failure to shrink, running a stub dozens of times.
        """
        module = self.module

        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except NotImplementedError as exc:
                if raised_in(exc.__traceback__, module):
                    raise NotImplementedSkip(name, RAISES) from None
                raise
            except Exception as exc:
                if _rejection(exc):
                    raise Rejected(str(exc) or "assume(False)") from exc
                raise

        return call

    def __repr__(self) -> str:
        return f"Impl({self.target!r})"
