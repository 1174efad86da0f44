"""What a submission's process may not do, checked inside that process (spec/teacher/engine/child.py).

The submission's functions run in the same process as the tests that judge them, as in every
mainstream autograder, so a deliberately hostile file can always lie. This module makes the usual
ways of lying hard and visible, and says what it cannot stop:

- `Fingerprint`: the spec's (its pages too), pytest's, pluggy's and hypothesis' functions, classes and
  methods, the torch and numpy functions the checks compare with (`COMPARED`), and the tracers installed,
  recorded in the warm parent and compared after the submission's import and after each test. Patching
  `TestReport.from_item_and_call`, `spec.helpers.checks.check_equal`, a page's `check_equal`,
  `torch.testing.assert_close` or hypothesis' `execute_once`, or leaving a tracer installed, shows up as a
  changed name. It cannot see a name changed and restored within one test, a patch of the rest of torch, or a
  patch of this module's own comparison (a hostile file can rebind anything in its process).
- `Guard` (an audit hook, PEP 578): no function of that code gets another `__code__` (refused as it
  happens, so a swap undone within a test is seen too); no file written, renamed or removed outside
  the submission's temporary directory; no network connection; no process started from the submission's own code;
  no tracer or profiler installed from the submission's own code (`sys.settrace`, `sys.setprofile`: a
  tracer can rewrite the checker's locals); and, when grading, no `reference` read or imported from the
  submission's own code (the answer).
  Audit hooks see Python-level calls only: ctypes or a C extension calling libc directly, or
  `sys.modules["reference"]` picked from memory, get past them. The engine's process group, its
  limits and a container without network (README) are the outer walls.
"""

from __future__ import annotations

import builtins
import importlib
import importlib.util
import operator
import os
import socket
import sys
import sysconfig
import threading
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The code that judges: the spec's helpers, plugins and pages (a page looks its helpers up in its own
# namespace when a test runs), pytest's reporting and running, pluggy's hook calls, hypothesis' runner.
WATCHED_PREFIXES = ("spec", "_pytest", "pytest", "pluggy", "pytest_timeout", "hypothesis")
# What the checks compare with that lives in C or in modules not walked: module -> its names. Every name of
# torch.Tensor's own namespace is watched too, and these where a subclass-free patch would add them.
COMPARED = {
    "torch": ("isclose", "allclose", "equal", "eq", "ne", "all", "any", "abs", "isnan", "is_tensor", "testing"),
    "torch.testing": ("assert_close", "make_tensor"),
    "torch.testing._comparison": ("assert_close", "not_close_error_metas", "TensorLikePair"),
    "numpy": ("allclose", "array_equal", "isclose", "asarray", "testing"),
    "numpy.testing": ("assert_allclose", "assert_array_equal", "assert_equal"),
}
TENSOR_NAMES = ("__eq__", "__ne__", "__bool__", "__torch_function__", "__torch_dispatch__", "eq", "ne", "equal")
TENSOR_NAMES += ("allclose", "isclose", "all", "any", "item", "tolist", "detach", "cpu", "to", "abs", "__getitem__")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
PROCESS_EVENTS = {
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.forkpty",
    "pty.spawn",
}
CHANGE_EVENTS = {
    "os.remove",
    "os.rename",
    "os.rmdir",
    "os.mkdir",
    "os.chmod",
    "os.chown",
    "os.truncate",
    "os.link",
    "os.symlink",
    "shutil.rmtree",
    "shutil.move",
    "os.utime",
}
NET_FAMILIES = {socket.AF_INET, socket.AF_INET6}
_STDLIB = (sysconfig.get_paths()["stdlib"], "<frozen ")


def _watched(name: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in WATCHED_PREFIXES) and not name.startswith(
        ("meta.", "_pytest.assertion.rewrite")
    )


TRUSTED_ORIGINS = (
    "_pytest",
    "pytest",
    "pluggy",
    "_hypothesis_pytestplugin",
    "pytest_timeout",
    "pytest_benchmark",
    "hypothesis",
    "torch",
)  # torch.optim wraps each optimizer class's step() when the first one is made


def _installed_at(name: str) -> str | None:
    """Where the installed module `name` lives: its package's folder, or its file (pytest_timeout.py)."""
    try:
        found = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if found is None or found.origin is None:
        return None
    return os.path.dirname(found.origin) + os.sep if found.submodule_search_locations else found.origin


# A replacement's file is trusted by where it is, never by a name in its path: a submission's folder called
# torch/ or hypothesis/ is not torch.
TRUSTED_PLACES = tuple(place for place in map(_installed_at, TRUSTED_ORIGINS) if place)


def _origin(value: object) -> str:
    """Where a replacement was written: a function's file (functools.wraps copies __module__, not the
    code), else its module."""
    value = getattr(value, "__func__", value)
    value = getattr(value, "fget", value)
    code = getattr(value, "__code__", None)
    if isinstance(code, types.CodeType):
        return code.co_filename
    return str(getattr(value, "__module__", "") or "")


def _trusted(origin: str) -> bool:
    """pytest's own plugins patch pytest while a run is configured (legacypath: Config._getini_unknown_type;
    hypothesis: FixtureFunctionMarker.__call__), torch patches optimizer classes
    (spec.helpers.recorders.RecordingSGD.step):
    a replacement made by their code is not tampering."""
    if origin.endswith(".py"):
        return origin.startswith(TRUSTED_PLACES)
    return any(origin == name or origin.startswith(name + ".") for name in TRUSTED_ORIGINS)


class Fingerprint:
    """Identity of every function, class and method of the watched modules.

    Taken once (a walk of ~4000 names); `changed()` then compares identities only (well under a
    millisecond, so it runs after every test). It holds the objects and compares them with `is`: `id()`
    and reading a function's `__code__` are audited events, which would call the Guard's hook thousands
    of times per comparison. Code objects are the Guard's: it sees the assignment itself.
    """

    def __init__(self) -> None:
        # (label, namespace, key, the object namespace[key] was)
        self.names: list[tuple[str, Any, str, object]] = []
        for name, module in list(sys.modules.items()):
            if module is not None and _watched(name):
                self._walk(name, module)
        for name, attrs in COMPARED.items():
            module = sys.modules.get(name)
            if module is not None:
                space = vars(module)
                self.names += [(f"{name}.{attr}", space, attr, space.get(attr, _MISSING)) for attr in attrs]
        tensor = sys.modules["torch"].Tensor if "torch" in sys.modules else None
        if tensor is not None:
            names = dict.fromkeys([*vars(tensor), *TENSOR_NAMES])
            self.names += [(f"torch.Tensor.{n}", vars(tensor), n, vars(tensor).get(n, _MISSING)) for n in names]
        self.tracers = _tracers()  # a tracer already there (coverage's) is not the submission's
        self._namespaces = [(ns, key) for _, ns, key, _ in self.names]
        self._objects = [obj for *_, obj in self.names]

    def _walk(self, name: str, module: types.ModuleType) -> None:
        for attr, obj in list(vars(module).items()):
            if not isinstance(obj, (types.FunctionType, type)):
                continue
            self.names.append((f"{name}.{attr}", vars(module), attr, obj))
            if not isinstance(obj, type) or getattr(obj, "__module__", None) != name:
                continue  # imported from elsewhere: watched where it is defined; its rebinding here shows above
            for member, value in list(vars(obj).items()):
                func = getattr(value, "__func__", value)  # classmethod / staticmethod
                if isinstance(func, types.FunctionType) or isinstance(value, property):
                    self.names.append((f"{name}.{attr}.{member}", vars(obj), member, value))

    def changed(self) -> list[str]:
        """The watched names that now point elsewhere (outside pytest's own plugins), or vanished."""
        now = [ns.get(key, _MISSING) for ns, key in self._namespaces]
        tracers = _tracers()
        if not any(map(operator.is_not, now, self._objects)) and not any(map(operator.is_not, tracers, self.tracers)):
            return []  # the usual case, in ~0.3 ms
        found = [label for label, was, new in zip(TRACERS, self.tracers, tracers) if new is not was]
        for (label, _, _, was), value in zip(self.names, now):
            if value is not was and (value is _MISSING or not _trusted(_origin(value))):
                found.append(label)
        return sorted(found)


_MISSING = object()
TRACERS = ("sys.settrace (a tracer)", "sys.setprofile (a profiler)", "threading.settrace", "threading.setprofile")


def _tracers() -> tuple[object, ...]:
    """The tracer and profiler of this thread and of threads to come, in TRACERS' order."""
    return (sys.gettrace(), sys.getprofile(), threading.gettrace(), threading.getprofile())


class Guard:
    """An audit hook confining the process; `report(text)` is called once per refused action."""

    def __init__(
        self,
        *,
        workdir: Path,
        submission: Path,
        report: Callable[[str], None],
        forbid_reference: bool,
        reference_dir: Path,
    ) -> None:
        self.workdir = str(workdir.resolve())
        self.submission = str(submission.resolve())  # a file, or the submission's folder
        self.report = report
        self.forbid_reference = forbid_reference
        self.reference_dir = str(reference_dir.resolve())
        self.active = False

    # -- who is asking -------------------------------------------------------------------------------

    def from_submission(self) -> bool:
        """True when the submission's own code made the call: the first frame above the standard library
        (subprocess, pathlib, linecache, inspect: the usual ways there) is one of its files. Calls that
        torch or the spec make while a submission frame is further down (the ONNX exporter reading
        sources while it traces the learner's forward) are theirs, not the submission's."""
        frame = sys._getframe(2)
        while frame is not None and frame.f_code.co_filename.startswith(_STDLIB):
            frame = frame.f_back
        return frame is not None and frame.f_code.co_filename.startswith(self.submission)

    def _inside(self, path: object) -> bool:
        if isinstance(path, int):  # an fd: already opened, and checked then
            return True
        try:
            full = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        return full == os.devnull or full.startswith(self.workdir + os.sep) or full == self.workdir

    @staticmethod
    def _own_process(event: str, target: object) -> bool:
        """`target` of os.kill (a PID, 0 or -PGID for a group) or os.killpg (a PGID) is this process or its group."""
        if not isinstance(target, int):
            return False
        group = os.getpgid(0)
        if event == "os.killpg":
            return target in (0, group)
        return target in (0, os.getpid(), -group)

    def refuse(self, text: str) -> None:
        self.report(text)
        raise PermissionError(f"refused by the grader: {text}")

    # -- the hook ------------------------------------------------------------------------------------

    def __call__(self, event: str, args: tuple) -> None:
        if not self.active:
            return
        if event == "open":
            path, mode, flags = args
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (flags & WRITE_FLAGS)
            if writes and path is not None and not self._inside(path):
                self.refuse(f"write to {path}")
            if (
                self.forbid_reference
                and isinstance(path, (str, bytes, os.PathLike))
                and os.fsdecode(path).startswith(self.reference_dir)
                and self.from_submission()
            ):
                self.refuse(f"read the reference ({path})")
        elif event in CHANGE_EVENTS:
            targets = [a for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
            if any(not self._inside(t) for t in targets):
                self.refuse(f"{event} {targets[0]}")
        elif event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"):
            sock = args[0]
            if getattr(sock, "family", None) in NET_FAMILIES:
                self.refuse(f"open a network connection ({event} {args[1] if len(args) > 1 else ''})")
        elif event in PROCESS_EVENTS and self.from_submission():
            self.refuse(f"start a process ({event})")
        elif event in ("sys.settrace", "sys.setprofile") and self.from_submission():
            self.refuse(f"install a tracer ({event})")
        elif event in ("os.kill", "os.killpg") and not self._own_process(event, args[0]):
            # The grader, or a classmate (--sandbox=none: they share its PID namespace). ctypes gets past
            # this; bubblewrap's PID namespaces (--sandbox=bwrap) do not.
            self.refuse(f"send a signal to another process ({event} {args[0]})")
        elif event == "object.__setattr__" and args[1] == "__code__":
            target, _, code = args
            module = getattr(target, "__module__", None) or ""
            # hypothesis gives its wrapper of a failing test the test's own file name (reflection.impersonate)
            setter = sys._getframe(1).f_code.co_filename
            if _watched(module) and not _trusted(getattr(code, "co_filename", "")) and not _trusted(setter):
                self.refuse(f"replace {module}.{getattr(target, '__qualname__', '?')}.__code__")

    def install(self) -> None:
        """Audit hooks cannot be removed; the engine installs one per child, after the warm imports."""
        sys.addaudithook(self)
        if self.forbid_reference:
            _forbid_reference_imports(self)
        self.active = True


def _forbid_reference_imports(guard: Guard) -> None:
    """`import reference` from the submission's own code raises (the warm parent has it in sys.modules,
    so the audit hook's "import" event would never fire for it)."""
    original_import = builtins.__import__
    original_import_module = importlib.import_module

    def refuse_the_reference(name: str | None) -> None:
        if name and (name == "reference" or name.startswith("reference.")):
            frame = sys._getframe(2)
            if frame.f_code.co_filename.startswith(guard.submission):
                guard.refuse(f"import {name} (the reference implementation)")

    def guarded_import(
        name: str, globals: dict | None = None, locals: dict | None = None, fromlist: tuple = (), level: int = 0
    ) -> types.ModuleType:
        if level == 0:
            refuse_the_reference(name)
        return original_import(name, globals, locals, fromlist, level)

    def guarded_import_module(name: str, package: str | None = None) -> types.ModuleType:
        refuse_the_reference(name)
        return original_import_module(name, package)

    builtins.__import__ = guarded_import
    importlib.import_module = guarded_import_module
