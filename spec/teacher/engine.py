"""The engine under `python -m spec grade` and the meta-tests: each submission in its own bounded process.

Importing torch, torchvision, onnxruntime and the spec's test modules costs ~5 s on the 2-core box.
The parent here pays it once (`warm()`), then forks one child per submission (`run()`), so each child
starts with everything imported. A child:

- is the leader of its own process group (what it starts dies with it) and runs in its own temporary
  working copy of the submission, with torch on 1 thread;
- runs `pytest.main` on the packaged spec with `--impl=FILE`, exactly as a learner does;
- streams each test's outcome to the parent as JSON lines over a pipe ("start", then "finish" with the
  classified result of spec/results/model.py), so the tests that finished before a crash count one by one;
- checks that the spec's and pytest's code is unmodified, and is confined by an audit hook
  (spec/teacher/trust.py).

The parent owns the clock, the limits and every file: it kills the process group when a test runs
past its timeout (pytest-timeout fails it first, with a traceback; the parent is the backstop), when
the submission runs past its wall time, when the group's memory passes the limit, or when it writes
more output than the cap, and turns each of these, an unexpected exit, a refused action and tampering
into an `error` with its reason.

    python -m spec.teacher.engine FILE...     # prints one line per submission: status, tests, reason
"""

from __future__ import annotations

import dataclasses
import gc
import importlib
import json
import os
import resource
import selectors
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec"
PAGES = SPEC / "pages"  # the specification: one module per tutorial page
PRELOAD = ["torch", "torchvision", "numpy", "PIL.Image", "hypothesis", "pytest", "onnx", "onnxruntime", "onnxscript"]
TIMEOUT_MARK = "from pytest-timeout"
POLL_S = 0.1  # how often the parent looks at the pipes, clocks and output
SCAN_S = 1.0  # how often it reads /proc for memory and stray processes


@dataclass
class Limits:
    """What one submission may use; each hit ends it with status error and this reason."""

    test_timeout: float = 60.0  # seconds per test (pytest-timeout; the parent kills at +10 s)
    wall: float = 900.0  # seconds for the whole submission
    memory_gb: float = 4.0  # resident memory of its process group
    output_mb: float = 50.0  # bytes written to stdout/stderr or to any one file (RLIMIT_FSIZE)


@dataclass
class Job:
    """One submission: its main file, and what to copy into its working directory."""

    main: Path  # the file pytest gets as --impl
    copy: Path  # the file itself, or the submission's folder
    markexpr: str = "cpu and not slow"
    paths: Sequence[str] = ()  # spec files to collect; default: the whole spec
    extra: Sequence[str] = ()  # more pytest arguments
    grading: bool = True  # forbids importing `reference` from the submission's code
    name: str = ""


@dataclass
class Outcome:
    """What the parent learned about one submission."""

    job: Job
    tests: list[dict[str, Any]] = field(default_factory=list)  # spec.results.model.TestResult fields, in run order
    error: str | None = None  # the limit, crash, refusal or tampering that makes it an error
    exit_code: int | None = None  # pytest's, when it got to the end
    import_error: str | None = None  # the submission did not import (spec/plugin/hooks.py's message)
    collect_errors: list[str] = field(default_factory=list)
    log: str = ""  # the tail of what the child printed outside pytest's capture
    started: float = 0.0
    finished: float = 0.0
    workdir: str = ""  # where the submission's copy was (to put the original path back in messages)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["job"] = {k: str(v) if isinstance(v, Path) else v for k, v in data["job"].items()}
        return data


def default_jobs(memory_gb: float = Limits.memory_gb) -> int:
    """What the machine takes: one submission per core, fewer if their memory limits would not fit."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30
    except (ValueError, OSError):
        return cores
    return max(1, min(cores, int(available // max(memory_gb, 0.1)) or 1))


_warm: str | None = None  # the hypothesis profile the process was warmed with


def warm(profile: str = "learner") -> None:
    """Imports torch & co, the spec's plugins and test modules, once per process (the first call's profile
    holds: a test's hypothesis settings are fixed when its module is imported)."""
    global _warm
    if _warm:
        return
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    # The children run with this profile (`learner` for a class); load it before the test modules are
    # imported, since hypothesis fixes a test's settings (deadline, phases) when its decorator runs.
    from hypothesis import settings

    import spec.plugin.hooks  # noqa: F401  (registers the profiles)

    settings.load_profile(profile)
    for test_file in sorted(PAGES.glob("test_*.py")):
        importlib.import_module(f"spec.pages.{test_file.stem}")
    for name in (
        "spec.results.model",
        "spec.results.summary",
        "spec.results.report",
        "spec.plugin.options",
        "spec.teacher.trust",
        "pytest_timeout",
    ):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    # Hypothesis mines the source of every local module for constants the first time a test runs (a
    # few seconds); done here, every child inherits the result and mines only the submission.
    try:
        from hypothesis.internal.conjecture.providers import _get_local_constants

        _get_local_constants()
    except (ImportError, AttributeError):
        pass
    _warm_pytest()
    _warm_onnx_exporter()
    _warm = profile


def _warm_pytest() -> None:
    """pytest.main imports pytest's own plugins and the installed ones (pytest11 entry points) through its
    assertion rewriter, ~0.1 s each time: one run here that collects nothing does it for every child."""
    import contextlib
    import io

    import pytest

    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
        pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", f"--rootdir={tmp}", "-c", os.devnull, tmp])


def _warm_onnx_exporter() -> None:
    """A process's first torch.onnx.export takes ~2.2 s, the next ones ~0.7 s (the exporter's lazy imports
    and first traces): one tiny export here, and no child pays it again."""
    import warnings

    import torch

    try:
        with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(4, 2), torch.nn.ReLU()).eval()
            torch.onnx.export(model, (torch.rand(1, 2, 2),), str(Path(tmp) / "warm.onnx"), dynamo=True, verbose=False)
    except Exception:  # noqa: BLE001  (no exporter here, or another torch: the children pay it themselves)
        pass


def has_timeout_plugin() -> bool:
    return importlib.util.find_spec("pytest_timeout") is not None


def pytest_args(job: Job, impl: str, basetemp: str, limits: Limits) -> list[str]:
    """The child's pytest.main arguments: the packaged spec, run as a learner runs it."""
    args = [
        "-p",
        "no:cacheprovider",
        # pytest's log capture attaches its handlers to each of torch's ~60 non-propagating loggers, three
        # phases a test (~1.4 ms a test); a report keeps a test's stdout and stderr, never its log records.
        "-p",
        "no:logging",
        "-q",
        "--no-header",
        "-m",
        job.markexpr,
        f"--hypothesis-profile={_warm or 'learner'}",
        "--benchmark-disable",
        "--spec-lang=en",
        "--spec-threads=1",
        f"--basetemp={basetemp}",
        f"--rootdir={ROOT}",
        "-c",
        str(SPEC / "pytest.ini"),  # the kit's settings, as spec/learner/check_file.py gives them
        *job.extra,
    ]
    if has_timeout_plugin():
        args += [f"--timeout={limits.test_timeout:g}", "--timeout-method=signal"]
    return [*args, f"--impl={impl}", *(job.paths or [str(PAGES)])]


# -- the child ------------------------------------------------------------------------------------------


class Streamer:
    """pytest plugin in the child: one JSON line per event to the parent, the trust checks between tests."""

    def __init__(self, fd: int, fingerprint: Any) -> None:
        self.fd = fd
        self.fingerprint = fingerprint
        self.config: Any = None

    def send(self, **event: Any) -> None:
        data = (json.dumps(event, default=str) + "\n").encode()
        while data:
            data = data[os.write(self.fd, data) :]

    def check(self, when: str) -> None:
        changed = self.fingerprint.changed()
        if changed:
            shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
            self.send(event="tampered", when=when, what=shown)
            os._exit(3)  # nothing this process says from now on can be believed

    def pytest_configure(self, config: Any) -> None:
        self.config = config

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.send(event="collect_error", text=f"{report.nodeid or 'collection'}: {report.longreprtext[-2000:]}")

    def pytest_collection_modifyitems(self, config: Any, items: list[Any]) -> None:
        """Only the tests of the submission's code (those that request `impl`): the checks of torch itself,
        of ERRATA.md and DRIFT.md and of the reference's own quickstart say the same of every submission,
        and one of them (the quickstart CLI given an unwritable --out) does what the guard refuses."""
        from spec.results.model import checks_impl

        theirs = [item for item in items if checks_impl(item)]
        if len(theirs) < len(items):
            kept = {id(item) for item in theirs}
            config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
            items[:] = theirs

    def pytest_collection_finish(self, session: Any) -> None:
        self.check("after importing the submission")  # spec/plugin/hooks.py imported it in pytest_configure
        self.send(event="collected", n=len(session.items))

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        self.send(event="start", test=nodeid)

    def pytest_runtest_logfinish(self, nodeid: str, location: Any) -> None:
        self.check(f"during {nodeid.split('::')[-1]}")
        from spec.results import model as results

        test = results.results(self.config).tests.get(nodeid)
        if test is None:
            return
        fields = {f.name: getattr(test, f.name) for f in dataclasses.fields(test) if f.name != "function"}
        self.send(event="finish", test=fields, timeout=TIMEOUT_MARK in (test.message or ""))

    def pytest_unconfigure(self, config: Any) -> None:
        from spec.plugin.hooks import STATE_KEY

        spec_state = config.stash.get(STATE_KEY, None)
        if spec_state is not None and spec_state.import_error:
            self.send(event="import_error", text=spec_state.import_error)


def _child(job: Job, impl: Path, workdir: Path, fd: int, limits: Limits, fingerprint: Any) -> None:
    """Runs in the forked process; never returns."""
    code = 70
    try:
        os.setpgid(0, 0)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it; the output cap needs it to kill
        os.chdir(workdir)
        log = os.open(workdir / "output.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.environ["TMPDIR"] = str(workdir / "tmp")
        (workdir / "tmp").mkdir()
        # Caches that torch (the ONNX exporter's inductor), matplotlib and others would make under /tmp or ~.
        # Inductor's variable may already hold the warm parent's /tmp path: it sets it when first asked.
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = str(workdir / "tmp" / "torchinductor")
        os.environ["TRITON_CACHE_DIR"] = str(workdir / "tmp" / "triton")
        os.environ["XDG_CACHE_HOME"] = str(workdir / "tmp" / "cache")
        os.environ["XDG_CONFIG_HOME"] = str(workdir / "tmp" / "config")
        os.environ["MPLCONFIGDIR"] = str(workdir / "tmp" / "matplotlib")  # the quickstart's plot
        os.environ["HOME"] = str(workdir / "tmp" / "home")  # anything else that keeps state in ~
        tempfile.tempdir = str(workdir / "tmp")
        sys.dont_write_bytecode = True  # a refused .pyc write would read as the submission's doing
        # Output: any one file (the log, pytest's capture files) past the cap raises SIGXFSZ.
        cap = int(limits.output_mb * 2**20)
        resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))
        # Memory backstop: torch maps GBs of virtual memory it never touches, so the address-space
        # limit sits far above the RSS limit the parent polls; it only stops a runaway allocation
        # that would take the machine down between two polls.
        vm = _vm_bytes(os.getpid())
        room = vm + int(4 * limits.memory_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (room, room))
        import torch
        from hypothesis import configuration

        torch.set_num_threads(1)
        configuration.set_hypothesis_home_dir(workdir / ".hypothesis")  # not the repository's
        from spec.teacher import trust

        streamer = Streamer(fd, fingerprint)
        guard = trust.Guard(
            workdir=workdir,
            submission=impl if job.copy.is_file() else impl.parent,
            report=lambda text: streamer.send(event="refused", what=text),
            forbid_reference=job.grading,
            reference_dir=ROOT / "reference",
        )
        guard.install()
        import pytest

        exit_code = pytest.main(pytest_args(job, str(impl), str(workdir / "pytest"), limits), plugins=[streamer])
        streamer.send(event="done", exit_code=int(exit_code))
        code = 0
    except BaseException as exc:  # noqa: BLE001  (anything: the parent reads the reason from the log)
        try:
            os.write(2, f"engine child: {type(exc).__name__}: {exc}\n".encode())
        except OSError:
            pass
    finally:
        os._exit(code)  # no atexit handler of the submission runs, no buffered file is flushed


# -- the parent -----------------------------------------------------------------------------------------


def _vm_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _private_bytes(pid: int) -> int:
    """Memory only this process holds (Private_Clean + Private_Dirty): a forked child's resident size
    counts the warm parent's ~700 MB of torch it shares, its private size does not. Slow (~0.1 s for
    a torch process: the kernel walks its page tables), so read only when the resident size is over."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return sum(int(line.split()[1]) * 1024 for line in f if line.startswith(("Private_Clean", "Private_Dirty")))
    except (OSError, ValueError, IndexError):
        return 0


def _resident_bytes(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def scan_processes(groups: set[int]) -> tuple[dict[int, list[int]], list[int]]:
    """(the processes of each group in `groups`, our direct children) from Linux /proc; empty elsewhere.

    Our children other than the running submissions are a submission's detached grandchildren,
    reparented to us because we are a subreaper.
    """
    members: dict[int, list[int]] = {}
    children = []
    me = os.getpid()
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return members, children
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()  # after "(comm)": state ppid pgrp ...
        except (OSError, IndexError):
            continue
        if int(fields[2]) in groups:
            members.setdefault(int(fields[2]), []).append(int(pid))
        if int(fields[1]) == me:
            children.append(int(pid))
    return members, children


def group_memory(pids: list[int], limit: float) -> int:
    """The group's resident bytes while under `limit` (cheap), else its private bytes (exact)."""
    resident = sum(_resident_bytes(str(pid)) for pid in pids)
    return resident if resident <= limit else sum(_private_bytes(pid) for pid in pids)


def _become_subreaper() -> None:
    """A submission's detached grandchildren (double fork, setsid) are reparented to us, not to init,
    so they can be found and killed (Linux prctl PR_SET_CHILD_SUBREAPER)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _short(nodeid: str | None) -> str:
    return nodeid.split("::")[-1] if nodeid else "?"


class _Running:
    def __init__(self, job: Job, pid: int, fd: int, workdir: Path, test_timeout: float) -> None:
        self.outcome = Outcome(job, started=time.time(), workdir=str(workdir))
        self.pid, self.fd, self.workdir = pid, fd, workdir
        self.buffer = b""
        self.current: str | None = None  # the test that started and has not finished
        self.current_since = 0.0
        self.collected = False
        self.done = False
        self.test_timeout = test_timeout

    def feed(self, data: bytes) -> None:
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue  # the child's pipe carries only our lines; garbage in it is ignored
            self.handle(event)

    def handle(self, event: dict[str, Any]) -> None:
        kind, out = event.get("event"), self.outcome
        if kind == "start":
            self.current, self.current_since = event["test"], time.time()
        elif kind == "finish":
            self.current = None
            out.tests.append(event["test"])
            if event.get("timeout") and out.error is None:
                out.error = f"timed out in {_short(event['test']['nodeid'])} after {self.test_timeout:g} s"
        elif kind == "collected":
            self.collected = True
        elif kind == "collect_error":
            out.collect_errors.append(event["text"])
        elif kind == "import_error":
            out.import_error = event["text"]
        elif kind == "refused" and out.error is None:
            out.error = f"tried to {event['what']} ({self.where()})"
        elif kind == "tampered":
            out.error = f"changed the spec's or pytest's code {event['when']}: {event['what']}"
        elif kind == "done":
            out.exit_code, self.done = event["exit_code"], True

    def where(self) -> str:
        if self.current is not None:
            return f"during {_short(self.current)}"
        return "while importing the submission" if not self.collected else "between tests"


def run(
    jobs: Sequence[Job],
    *,
    limits: Limits | None = None,
    parallel: int | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Runs every job in its own child, `parallel` at once; returns their outcomes in job order.

    `on_done` is called in the parent as each one ends (to write its report at once, so that Ctrl-C
    keeps the finished ones). On KeyboardInterrupt the running children are killed and it re-raises.
    """
    limits = limits or Limits()
    parallel = parallel or default_jobs(limits.memory_gb)
    warm()
    from spec.teacher.trust import Fingerprint

    fingerprint = Fingerprint()  # taken in the parent, inherited by every child
    # The warm heap (torch, the spec) never needs collecting again: frozen, a child's gc.collect (pytest
    # calls it at exit, hypothesis per test) skips it, ~0.4 s each, and leaves its pages shared.
    gc.collect()
    gc.freeze()
    _become_subreaper()
    outcomes: dict[int, Outcome] = {}
    pending = list(enumerate(jobs))
    running: dict[int, tuple[int, _Running]] = {}
    selector = selectors.DefaultSelector()
    root = Path(tempfile.mkdtemp(prefix="spec-engine-"))
    scanned = 0.0
    try:
        while pending or running:
            while pending and len(running) < parallel:
                index, job = pending.pop(0)
                state = _start(job, root / str(index), limits, fingerprint)
                running[state.pid] = (index, state)
                selector.register(state.fd, selectors.EVENT_READ, state)
            for key, _ in selector.select(timeout=POLL_S):
                state = key.data
                try:
                    data = os.read(state.fd, 1 << 16)
                except OSError:
                    data = b""
                if data:
                    state.feed(data)
                else:
                    selector.unregister(state.fd)
            members: dict[int, list[int]] = {}
            if time.time() - scanned > SCAN_S:
                members, children = scan_processes(set(running))
                scanned = time.time()
                for orphan in set(children) - set(running):
                    _kill(orphan, group=False)
            for pid, (index, state) in list(running.items()):
                memory = group_memory(members.get(pid, []), limits.memory_gb * 2**30)
                ended = _check(state, limits, memory)
                if ended:
                    if state.fd in selector.get_map():
                        _drain(state)
                        selector.unregister(state.fd)
                    _finish(state)
                    del running[pid]
                    outcomes[index] = state.outcome
                    if on_done is not None:
                        on_done(state.outcome)
    except BaseException:
        for _, state in running.values():
            _kill(state.pid)
            _finish(state)
        raise
    finally:
        selector.close()
        shutil.rmtree(root, ignore_errors=True)
    return [outcomes[i] for i in range(len(jobs))]


def _start(job: Job, workdir: Path, limits: Limits, fingerprint: Any) -> _Running:
    workdir.mkdir(parents=True)
    if job.copy.is_dir():
        shutil.copytree(job.copy, workdir / job.copy.name, symlinks=False)
        impl = workdir / job.copy.name / job.main.relative_to(job.copy)
    else:
        impl = workdir / job.main.name
        shutil.copy2(job.main, impl)
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(job, impl, workdir, write, limits, fingerprint)
    os.close(write)
    try:
        os.setpgid(pid, pid)  # also here: no race with a kill before the child set it itself
    except OSError:
        pass
    os.set_blocking(read, False)
    return _Running(job, pid, read, workdir, limits.test_timeout)


def _kill(pid: int, *, group: bool = True) -> None:
    try:
        if group:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _drain(state: _Running) -> None:
    while True:
        try:
            data = os.read(state.fd, 1 << 16)
        except (BlockingIOError, OSError):
            return
        if not data:
            return
        state.feed(data)


def _check(state: _Running, limits: Limits, rss: int) -> bool:
    """True when the child has ended, or has been ended here for a limit."""
    out = state.outcome
    try:
        pid, status = os.waitpid(state.pid, os.WNOHANG)
    except ChildProcessError:
        pid, status = state.pid, 0
    if pid:
        _drain(state)
        _kill(state.pid)  # whatever it started in its group dies with it
        if out.error is None and not state.done:
            if os.WIFSIGNALED(status):
                sig = os.WTERMSIG(status)
                out.error = (
                    f"wrote more than {limits.output_mb:g} MB of output ({state.where()})"
                    if sig == signal.SIGXFSZ
                    else f"was killed by {signal.Signals(sig).name} {state.where()}"
                )
            else:
                out.error = f"exited with status {os.WEXITSTATUS(status)} {state.where()}"
        return True
    now = time.time()
    reason = None
    if out.error is not None and out.error.startswith("timed out"):
        reason = out.error  # pytest-timeout failed the test: no point running the next ones
    elif state.current is not None and now - state.current_since > limits.test_timeout + 10:
        reason = f"timed out in {_short(state.current)} after {limits.test_timeout:g} s"
    elif now - out.started > limits.wall:
        reason = f"ran past the wall-time limit of {limits.wall:g} s ({state.where()})"
    elif rss > limits.memory_gb * 2**30:
        reason = f"used more than {limits.memory_gb:g} GB of memory ({state.where()})"
    elif _size(state.workdir / "output.log") > limits.output_mb * 2**20:
        reason = f"wrote more than {limits.output_mb:g} MB of output ({state.where()})"
    if reason is None and out.error is not None and out.error.startswith("changed"):
        reason = out.error
    if reason is None:
        return False
    _kill(state.pid)
    try:
        os.waitpid(state.pid, 0)
    except ChildProcessError:
        pass
    _drain(state)
    out.error = reason
    return True


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _finish(state: _Running) -> None:
    out = state.outcome
    out.finished = time.time()
    try:
        with open(state.workdir / "output.log", "rb") as f:
            f.seek(max(0, _size(state.workdir / "output.log") - 4000))
            out.log = f.read().decode(errors="replace")
    except OSError:
        pass
    try:
        os.close(state.fd)
    except OSError:
        pass
    shutil.rmtree(state.workdir, ignore_errors=True)


# -- a cluster ------------------------------------------------------------------------------------------


def _files_of(job: Job) -> dict[str, bytes]:
    """The submission's files by path relative to its copy's parent: a worker may not share our disk."""
    paths = [p for p in job.copy.rglob("*") if p.is_file()] if job.copy.is_dir() else [job.copy]
    return {str(p.relative_to(job.copy.parent)): p.read_bytes() for p in paths}


def run_remote(job: Job, limits: Limits, files: dict[str, bytes]) -> dict[str, Any]:
    """One Dask task: the job in its own limited child of this worker (warm after its first task)."""
    with tempfile.TemporaryDirectory(prefix="spec-task-") as tmp:
        for rel, data in files.items():
            (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / rel).write_bytes(data)
        local = dataclasses.replace(
            job, main=Path(tmp) / job.main.relative_to(job.copy.parent), copy=Path(tmp) / job.copy.name
        )
        [outcome] = run([local], limits=limits, parallel=1)
    outcome.job = job
    return outcome.to_dict()


def outcome_from_dict(data: dict[str, Any]) -> Outcome:
    job = dict(data["job"])
    job.update(main=Path(job["main"]), copy=Path(job["copy"]))
    return Outcome(**{**data, "job": Job(**job)})


def run_on_cluster(
    jobs: Sequence[Job], address: str, *, limits: Limits | None = None, on_done: Callable[[Outcome], None] | None = None
) -> Iterator[Outcome]:
    """Each job as a task of an existing Dask distributed cluster; yields outcomes as they finish."""
    from distributed import Client, as_completed

    limits = limits or Limits()
    with Client(address) as client:
        futures = [
            client.submit(run_remote, job, limits, _files_of(job), pure=False, key=f"spec-grade-{i}-{job.name}")
            for i, job in enumerate(jobs)
        ]
        try:
            for future in as_completed(futures):
                outcome = outcome_from_dict(future.result())
                if on_done is not None:
                    on_done(outcome)
                yield outcome
        except BaseException:
            client.cancel(futures)
            raise


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("-m", dest="markexpr", default="cpu and not slow")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=Limits.test_timeout)
    args = parser.parse_args(argv)
    jobs = [Job(main=f.resolve(), copy=f.resolve(), markexpr=args.markexpr, name=f.stem) for f in args.files]
    for out in run(jobs, limits=Limits(test_timeout=args.timeout), parallel=args.jobs):
        counts: dict[str, int] = {}
        for t in out.tests:
            counts[t["status"]] = counts.get(t["status"], 0) + 1
        print(f"{out.job.main}: {counts} {out.finished - out.started:.1f}s {out.error or out.import_error or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
