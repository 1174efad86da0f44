"""The parent: forks a child per submission and owns the clock, the limits and every file.

It kills a child's process group when a test runs past its timeout (pytest-timeout fails it first, with a
traceback; the parent is the backstop), when the submission runs past its wall time, when the group's memory
passes the limit, or when it writes more output than the cap, and turns each of these, an unexpected exit,
a refused action, tampering and a malformed result stream into an `error` with its reason
(engine/reasons.py decides which one a submission reports).
"""

from __future__ import annotations

import dataclasses
import gc
import os
import re
import selectors
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from spec.teacher import trust
from spec.teacher.engine import accounting, events, warmup
from spec.teacher.engine.child import HANG_FILE, run_child
from spec.teacher.engine.job import Job, Limits, Outcome
from spec.teacher.engine.reasons import ENDS_RUN, Kind, Reason
from spec.teacher.engine.sandbox import Zygote
from spec.teacher.engine.warmup import warm
from spec.teacher.engine.zygote import INSIDE

POLL_S = 0.1  # how often the parent looks at the pipes, clocks and output
SCAN_S = 1.0  # how often it reads /proc for memory and stray processes
GRACE_S = 10.0  # how long past its timeout a test runs before the parent kills it (pytest-timeout first)
MALFORMED = "its result stream was malformed"
ROOT_PREFIX = "spec-engine-"  # the working copies' folder: spec-engine-<grader's pid>-<random>


def default_jobs(memory_gb: float = Limits.memory_gb) -> int:
    """What the machine takes: one submission per core, fewer if their memory limits would not fit."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30
    except (ValueError, OSError):
        return cores
    return max(1, min(cores, int(available // max(memory_gb, 0.1)) or 1))


def _short(nodeid: str | None) -> str:
    return nodeid.split("::")[-1] if nodeid else "?"


class _Running:
    """A child as the parent sees it: its pipe, the test it is in, and the outcome so far."""

    def __init__(self, job: Job, process: _Forked | _Sandboxed, fd: int, workdir: Path, test_timeout: float) -> None:
        self.outcome = Outcome(job, started=time.time(), workdir=str(workdir))
        self.process, self.fd, self.workdir = process, fd, workdir
        self.buffer = b""
        self.current: str | None = None  # the test that started and has not finished
        self.current_since = 0.0
        self.collected = False
        self.done = False
        self.broken = False  # a malformed line came: nothing after it is read
        self.ending = False  # something happened that ends the run (reasons.ENDS_RUN)
        self.test_timeout = test_timeout

    def feed(self, data: bytes) -> None:
        if self.broken:
            return
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        try:
            if len(self.buffer) > events.MAX_LINE:
                raise events.Malformed(f"a line longer than {events.MAX_LINE} bytes")
            for line in lines:
                self.handle(events.from_line(line))
        except Exception:  # noqa: BLE001  (Malformed, or anything else a hostile line provokes: its error, not ours)
            self.broken, self.buffer = True, b""
            self.note(Reason(Kind.MALFORMED, MALFORMED))

    def handle(self, event: events.Event) -> None:
        out = self.outcome
        if isinstance(event, events.Started):
            self.current, self.current_since = event.test, time.time()
        elif isinstance(event, events.Finished):
            if event.test.nodeid != self.current:  # a test's result comes after its start, once
                raise events.Malformed(f"finish of {event.test.nodeid}, but {self.current} started")
            self.current = None
            out.tests.append(event.test)
            if event.timed_out:
                self.note(self.timed_out(event.test.nodeid))
        elif isinstance(event, events.Collected):
            self.collected = True
        elif isinstance(event, events.CollectError):
            out.collect_errors.append(event.text)
        elif isinstance(event, events.ImportFailed):
            out.import_error = event.text
        elif isinstance(event, events.LeftOut):
            out.left_out.append(event.text)
        elif isinstance(event, events.Refused):
            self.note(Reason(Kind.REFUSED, f"tried to {event.what} ({self.where()})"))
        elif isinstance(event, events.Tampered):
            self.note(Reason(Kind.TAMPERED, f"changed the spec's or pytest's code {event.when}: {event.what}"))
        elif isinstance(event, events.Done):
            out.exit_code, self.done = event.exit_code, True

    @property
    def namespace(self) -> str | None:
        """Its PID namespace ("pid:[inode]") in the sandbox, once the zygote said it."""
        if isinstance(self.process, _Sandboxed):
            return self.process.zygote.namespaces.get(self.process.index)
        return None

    def note(self, reason: Reason) -> None:
        self.outcome.note(reason)
        self.ending = self.ending or reason.kind in ENDS_RUN

    def where(self) -> str:
        if self.current is not None:
            return f"during {_short(self.current)}"
        return "while importing the submission" if not self.collected else "between tests"

    def timed_out(self, nodeid: str | None) -> Reason:
        return Reason(Kind.TIMED_OUT, f"timed out in {_short(nodeid)} after {self.test_timeout:g} s", nodeid)


class _Forked:
    """A child forked from this warm process (--sandbox=none): its own process group, waited for here."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def poll(self) -> int | None:
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            return 0
        return status if pid else None

    def kill(self) -> None:
        _kill(self.pid)  # whatever it started in its group dies with it

    def wait(self) -> int | None:
        try:
            return os.waitpid(self.pid, 0)[1]
        except ChildProcessError:
            return None


class _Sandboxed:
    """A submission inside the class's sandbox (engine/sandbox.py): the zygote starts, kills and waits for it."""

    def __init__(self, zygote: Zygote, index: int) -> None:
        self.zygote, self.index = zygote, index

    def poll(self) -> int | None:
        return self.zygote.poll(self.index)

    def kill(self) -> None:
        self.zygote.kill(self.index)  # its PID namespace, and so everything it started

    def wait(self) -> int | None:
        return self.zygote.wait(self.index)


def run(
    jobs: Sequence[Job],
    *,
    limits: Limits | None = None,
    parallel: int | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    sandbox: str = "none",
    hide: Sequence[Path] = (),
    show: Sequence[Path] = (),
) -> list[Outcome]:
    """Runs every job in its own child, `parallel` at once; returns their outcomes in job order.

    `sandbox`: "bwrap" runs them inside bubblewrap (engine/sandbox.py; `hide`: folders it must not see, the
    class's and --out; `show`: files it must read, the assignment), "none" forks them from this process.
    `on_done` is called in the parent as each one ends (to write its report at once, so that Ctrl-C keeps the
    finished ones). On KeyboardInterrupt (and any other exception) the running children are killed, the
    working copies removed, and it re-raises.
    """
    limits = limits or Limits()
    parallel = default_jobs(limits.memory_gb) if parallel is None else parallel
    if parallel < 1:
        raise ValueError(f"parallel={parallel}: at least one submission must run at a time")
    if sandbox not in ("bwrap", "none"):
        raise ValueError(f"sandbox={sandbox!r}: 'bwrap' or 'none' (engine/sandbox.py's choose() picks for 'auto')")
    if not jobs:
        return []
    _remove_stale_roots()
    theirs = set(accounting.scan_processes(set())[1])  # the caller's own children (a test's), never killed here
    root = Path(tempfile.mkdtemp(prefix=f"{ROOT_PREFIX}{os.getpid()}-"))
    zygote: Zygote | None = None
    outcomes: dict[int, Outcome] = {}
    pending = list(enumerate(jobs))
    running: dict[int, _Running] = {}
    selector = selectors.DefaultSelector()
    scanned = 0.0
    try:
        if sandbox == "bwrap":
            # Started before the grader's own warm-up (its reports need the page modules): both at once.
            zygote = Zygote(root, profile=warmup.profile(), hide=hide, show=show)
        warm()
        if zygote is not None:
            zygote.wait_ready()
        fingerprint = trust.Fingerprint()  # taken in the parent, inherited by every forked child
        # The warm heap (torch, the spec) never needs collecting again: frozen, a child's gc.collect (pytest
        # calls it at exit, hypothesis per test) skips it, ~0.4 s each, and leaves its pages shared.
        gc.collect()
        gc.freeze()
        accounting.become_subreaper()
        if zygote is not None:
            selector.register(zygote.fileno(), selectors.EVENT_READ, None)
        while pending or running:
            while pending and len(running) < parallel:
                index, job = pending.pop(0)
                inherited = [selector.fileno(), *(s.fd for s in running.values())]
                state = _start(job, index, root, limits, fingerprint, zygote, inherited)
                running[index] = state
                selector.register(state.fd, selectors.EVENT_READ, state)
            for key, _ in selector.select(timeout=POLL_S):
                state = key.data
                if state is None:
                    zygote.pump()  # type: ignore[union-attr]  (only the zygote's socket has no state)
                    continue
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
                members = _members(running, zygote is not None, theirs)
                scanned = time.time()
            for index, state in list(running.items()):
                memory = accounting.group_memory(members.get(index, []), limits.memory_gb * 2**30)
                if _check(state, limits, memory):
                    if state.fd in selector.get_map():
                        _drain(state)
                        selector.unregister(state.fd)
                    _finish(state)
                    del running[index]
                    outcomes[index] = state.outcome
                    if on_done is not None:
                        on_done(state.outcome)
    except BaseException:
        for state in running.values():
            state.process.kill()
            state.process.wait()
            _finish(state)
        raise
    finally:
        selector.close()
        if zygote is not None:
            zygote.close()
        else:  # what a submission left behind that its group's kill missed (a setsid grandchild, reparented here)
            for orphan in set(accounting.scan_processes(set())[1]) - theirs:
                _kill(orphan, group=False)
        shutil.rmtree(root, ignore_errors=True)
    return [outcomes[i] for i in range(len(jobs))]


def _members(running: dict[int, _Running], sandboxed: bool, theirs: set[int]) -> dict[int, list[int]]:
    """Each running submission's processes (by index), for its memory: its process group, or its PID namespace
    in the sandbox. Without the sandbox, also kills the strays: our children that no submission is (a
    submission's detached grandchildren, reparented to us, the subreaper), other than `theirs` (the caller's)."""
    if sandboxed:
        spaces = {state.namespace: index for index, state in running.items() if state.namespace}
        return {spaces[ns]: pids for ns, pids in accounting.scan_namespaces(set(spaces)).items()}
    groups = {state.process.pid: index for index, state in running.items()}  # type: ignore[union-attr]
    members, children = accounting.scan_processes(set(groups))
    for orphan in set(children) - set(groups) - theirs:
        _kill(orphan, group=False)
    return {groups[pgid]: pids for pgid, pids in members.items()}


def _remove_stale_roots() -> None:
    """The working copies a grader killed with SIGKILL left behind (its PID gone): removed at the next run."""
    for folder in Path(tempfile.gettempdir()).glob(f"{ROOT_PREFIX}*-*"):
        pid = folder.name.removeprefix(ROOT_PREFIX).split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists() and folder.owner() == Path.home().owner():
            shutil.rmtree(folder, ignore_errors=True)


def _start(
    job: Job,
    index: int,
    root: Path,
    limits: Limits,
    fingerprint: trust.Fingerprint,
    zygote: Zygote | None,
    inherited: Sequence[int],
) -> _Running:
    """Copies the submission into root/<index>/ and starts it; `inherited`: the descriptors a forked child
    must close (the other children's result pipes, the selector)."""
    workdir = root / str(index)
    workdir.mkdir(parents=True)
    if job.copy.is_dir():
        shutil.copytree(job.copy, workdir / job.copy.name, symlinks=False)
        impl = workdir / job.copy.name / job.main.relative_to(job.copy)
    else:
        impl = workdir / job.main.name
        shutil.copy2(job.main, impl)
    if zygote is not None:
        read = zygote.start(index, job, str(impl.relative_to(workdir)), limits)
        os.set_blocking(read, False)
        state = _Running(job, _Sandboxed(zygote, index), read, workdir, limits.test_timeout)
        state.outcome.workdir = str(INSIDE)  # what its messages name
        return state
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        for fd in inherited:  # no submission may read, or drain, another's results
            try:
                os.close(fd)
            except OSError:
                pass
        accounting.die_with_parent()
        run_child(job, impl, workdir, write, limits, fingerprint)
    os.close(write)
    try:
        os.setpgid(pid, pid)  # also here: no race with a kill before the child set it itself
    except OSError:
        pass
    os.set_blocking(read, False)
    return _Running(job, _Forked(pid), read, workdir, limits.test_timeout)


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


def _exit_reason(state: _Running, status: int, limits: Limits) -> Reason:
    """Why a child that ended before pytest did ended."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXFSZ:
            return Reason(Kind.OUTPUT, f"wrote more than {limits.output_mb:g} MB of output ({state.where()})")
        return Reason(Kind.KILLED, f"was killed by {signal.Signals(sig).name} {state.where()}")
    return Reason(Kind.EXITED, f"exited with status {os.WEXITSTATUS(status)} {state.where()}")


def _limit_reason(state: _Running, limits: Limits, rss: int) -> Reason | None:
    """The limit a running child is past, if any."""
    now = time.time()
    if state.current is not None and now - state.current_since > limits.test_timeout + GRACE_S:
        return state.timed_out(state.current)
    if now - state.outcome.started > limits.wall:
        return Reason(Kind.WALL, f"ran past the wall-time limit of {limits.wall:g} s ({state.where()})")
    if rss > limits.memory_gb * 2**30:
        return Reason(Kind.MEMORY, f"used more than {limits.memory_gb:g} GB of memory ({state.where()})")
    if accounting.file_size(state.workdir / "output.log") > limits.output_mb * 2**20:
        return Reason(Kind.OUTPUT, f"wrote more than {limits.output_mb:g} MB of output ({state.where()})")
    return None


def _check(state: _Running, limits: Limits, rss: int) -> bool:
    """True when the child has ended, or has been ended here for a limit or a reason that ends a run."""
    out = state.outcome
    status = state.process.poll()
    if status is not None:
        _drain(state)
        state.process.kill()  # whatever it started dies with it
        if not state.done:
            out.note(_exit_reason(state, status, limits))
        return True
    limit = _limit_reason(state, limits, rss)
    if limit is None and not state.ending:
        return False
    state.process.kill()
    state.process.wait()
    _drain(state)
    if limit is not None:
        out.note(limit)
    return True


def _finish(state: _Running) -> None:
    out = state.outcome
    out.finished = time.time()
    log = state.workdir / "output.log"
    try:
        with open(log, "rb") as f:
            f.seek(max(0, accounting.file_size(log) - 4000))
            out.log = f.read().decode(errors="replace")
    except OSError:
        pass
    try:
        os.close(state.fd)
    except OSError:
        pass
    if out.reason is not None and out.reason.kind is Kind.TIMED_OUT:
        out.reason = dataclasses.replace(out.reason, text=out.reason.text + hung_at(state.workdir, Path(out.workdir)))
    shutil.rmtree(state.workdir, ignore_errors=True)


_FRAME = re.compile(r'^\s*File "([^"\n]{1,400})", line (\d{1,7}) in (\w{1,100})$', re.MULTILINE)


def hung_at(workdir: Path, seen_as: Path | None = None) -> str:
    """ "; it was at frank.py, line 17, in one_hot: `pass`": the innermost frame of the submission's own files in
    faulthandler's dump (child.HANG_FILE), or "" where the dump names none. The dump is the child's, so only
    what the pattern reads of it is used, and only a line of a file inside the working copy is shown.
    `seen_as`: the working copy's path in the child's dump (/sandbox inside bubblewrap), when not `workdir`."""
    seen_as = seen_as or workdir
    try:
        with open(workdir / HANG_FILE, encoding="utf-8", errors="replace") as f:
            dump = f.read(65536)
    except OSError:
        return ""
    for path, line, function in _FRAME.findall(dump):  # each thread's frames, most recent call first
        file = Path(path)
        if seen_as in file.parents and "site-packages" not in file.parts and ".." not in file.parts:
            file = workdir / file.relative_to(seen_as)
            if workdir.resolve() not in file.resolve().parents:  # a link the submission made to a grader's file
                continue
            try:
                code = file.read_text(encoding="utf-8", errors="replace").splitlines()[int(line) - 1].strip()
            except (OSError, IndexError):
                code = ""
            shown = file.relative_to(workdir).as_posix()
            return f"; it was at {shown}, line {line}, in {function}" + (f": {code[:200]}" if code else "")
    return ""
