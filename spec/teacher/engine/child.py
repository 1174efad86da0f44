"""The forked child: one submission's pytest run, in its own process group, working copy and limits.

A child:
- is the leader of its own process group (what it starts dies with it) and runs in its own temporary
  working copy of the submission, with torch on 1 thread;
- runs `pytest.main` on the packaged spec with `--impl=FILE`, with the launcher's command line
  (spec/plugin/command.py) and the engine's own options;
- streams typed events to the parent (engine/events.py: "start", then "finish" with the classified result
  of spec/results/model.py), so the tests that finished before a crash count one by one;
- checks that the spec's and pytest's code is unmodified, and is confined by an audit hook
  (spec/teacher/trust.py).
"""

from __future__ import annotations

import faulthandler
import importlib.util
import os
import resource
import signal
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from spec.plugin import command
from spec.results import report
from spec.results.model import checks_impl, results
from spec.results.run import STATE_KEY
from spec.teacher import trust
from spec.teacher.engine import accounting, events
from spec.teacher.engine.job import Job, Limits
from spec.teacher.engine.warmup import ROOT, profile

TIMEOUT_MARK = "from pytest-timeout"  # in the message of a test that pytest-timeout failed
HANG_FILE = "hang.txt"  # faulthandler's stacks of a test still running 1 s past its timeout, for the parent's reason
# The grader's variables a submission sees (any other, a token or a password, stays out): the locale, the
# hypothesis profile's CI switch, and where Fashion-MNIST is. The child adds its own (_confine_caches).
ENVIRONMENT = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "TZ",
    "CI",
    "FASHION_MNIST_ROOT",
    "FASHION_MNIST_DEBIAN_DIR",
)


def clean_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The allow-listed variables of `environ` (default: this process's)."""
    environ = os.environ if environ is None else environ
    return {name: environ[name] for name in ENVIRONMENT if name in environ}


def has_timeout_plugin() -> bool:
    return importlib.util.find_spec("pytest_timeout") is not None


def pytest_args(job: Job, impl: str, basetemp: str, limits: Limits) -> list[str]:
    """The child's pytest.main arguments: the launcher's command line, then the engine's own options."""
    args = [
        *command.pytest_args(impl, job.paths or command.page_files(job.markexpr)),  # only files -m can select
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
        f"--hypothesis-profile={profile()}",
        "--benchmark-disable",
        "--spec-lang=en",
        "--spec-threads=1",
        f"--basetemp={basetemp}",
    ]
    if has_timeout_plugin():
        args += [f"--timeout={limits.test_timeout:g}", "--timeout-method=signal"]
    return [*args, *job.extra]


class Streamer:
    """pytest plugin in the child: one event a line to the parent, the trust checks between tests."""

    def __init__(self, fd: int, fingerprint: trust.Fingerprint, hang: Any = None, timeout: float = 0.0) -> None:
        self.fd = fd
        self.fingerprint = fingerprint
        self.config: pytest.Config | None = None
        self.hang, self.timeout = hang, timeout  # an open file, and the test timeout

    def send(self, event: events.Event) -> None:
        data = events.to_line(event)
        while data:
            data = data[os.write(self.fd, data) :]

    def audit(self, when: str) -> None:
        changed = self.fingerprint.changed()
        if changed:
            shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
            self.send(events.Tampered(when=when, what=shown))
            os._exit(3)  # nothing this process says from now on can be believed

    def pytest_configure(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.send(events.CollectError(f"{report.nodeid or 'collection'}: {report.longreprtext[-2000:]}"))

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        """Only the tests of the submission's code (those that request `impl`): the checks of torch itself,
        of ERRATA.md and DRIFT.md and of the reference's own quickstart say the same of every submission,
        and one of them (the quickstart CLI given an unwritable --out) does what the guard refuses."""
        theirs = [item for item in items if checks_impl(item)]
        if len(theirs) < len(items):
            kept = {id(item) for item in theirs}
            config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
            items[:] = theirs

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.audit("after importing the submission")  # spec/plugin/hooks.py imported it in pytest_configure
        self.send(events.Collected(n=len(session.items)))

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        self.send(events.Started(test=nodeid))
        if self.hang is not None:  # the stacks where a hanging test is, if the parent must kill it
            self.hang.seek(0)
            self.hang.truncate()
            faulthandler.dump_traceback_later(self.timeout + 1, file=self.hang)

    def pytest_runtest_logfinish(self, nodeid: str, location: Any) -> None:
        if self.hang is not None:
            faulthandler.cancel_dump_traceback_later()
        self.audit(f"during {nodeid.split('::')[-1]}")
        test = results(self.config).tests.get(nodeid)
        if test is not None:
            self.send(events.Finished(test=test, timed_out=TIMEOUT_MARK in (test.message or "")))

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        spec_state = config.stash.get(STATE_KEY, None)  # the run state's light home (spec/results/run.py)
        if spec_state is not None and spec_state.import_error:
            self.send(events.ImportFailed(spec_state.import_error))
        for text in report.left_out(config):
            self.send(events.LeftOut(text))


def run_child(job: Job, impl: Path, workdir: Path, fd: int, limits: Limits, fingerprint: trust.Fingerprint) -> None:
    """Runs in the forked process; never returns."""
    code = 70
    try:
        os.setpgid(0, 0)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it; the output cap needs it to kill
        os.chdir(workdir)
        clean = clean_environment()
        os.environ.clear()
        os.environ.update(clean)
        sys.argv = ["spec-grade-submission"]  # not the grader's command line (its paths, its options)
        log = os.open(workdir / "output.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(log, 1)
        os.dup2(log, 2)
        _confine_caches(workdir / "tmp")
        sys.dont_write_bytecode = True  # a refused .pyc write would read as the submission's doing
        # Output: any one file (the log, pytest's capture files) past the cap raises SIGXFSZ.
        cap = int(limits.output_mb * 2**20)
        resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))
        # Memory backstop: torch maps GBs of virtual memory it never touches, so the address-space
        # limit sits far above the RSS limit the parent polls; it only stops a runaway allocation
        # that would take the machine down between two polls.
        room = accounting.vm_bytes(os.getpid()) + int(4 * limits.memory_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (room, room))
        import torch
        from hypothesis import configuration

        torch.set_num_threads(1)
        configuration.set_hypothesis_home_dir(workdir / ".hypothesis")  # not the repository's
        hang = open(workdir / HANG_FILE, "w")  # noqa: SIM115 (open until os._exit)
        streamer = Streamer(fd, fingerprint, hang, limits.test_timeout)
        guard = trust.Guard(
            workdir=workdir,
            submission=_own_code(job, impl, workdir),
            report=lambda text: streamer.send(events.Refused(what=text)),
            forbid_reference=job.grading,
            reference_dir=ROOT / "reference",
        )
        guard.install()
        exit_code = pytest.main(pytest_args(job, str(impl), str(workdir / "pytest"), limits), plugins=[streamer])
        streamer.send(events.Done(exit_code=int(exit_code)))
        code = 0
    except BaseException as exc:  # noqa: BLE001  (anything: the parent reads the reason from the log)
        try:
            os.write(2, f"engine child: {type(exc).__name__}: {exc}\n".encode())
        except OSError:
            pass
    finally:
        os._exit(code)  # no atexit handler of the submission runs, no buffered file is flushed


def _own_code(job: Job, impl: Path, workdir: Path) -> Path:
    """Where the submission's code lies in its working copy, for the guard's "the submission did it": a notebook's
    cells become a module under workdir/tmp (spec/loading/notebook.py, run here), a folder is all its own. Decided
    from the job alone: inside the sandbox the grader's paths (job.copy) are not there to look at."""
    if impl.suffix == ".ipynb":
        return workdir
    return impl if job.copy == job.main else impl.parent


def _confine_caches(tmp: Path) -> None:
    """Temporary files, and the caches that torch (the ONNX exporter's inductor), matplotlib and others would
    make under /tmp or ~, go to the working copy's tmp/."""
    tmp.mkdir()
    os.environ["TMPDIR"] = str(tmp)
    # Inductor's variable may already hold the warm parent's /tmp path: it sets it when first asked.
    os.environ["TORCHINDUCTOR_CACHE_DIR"] = str(tmp / "torchinductor")
    os.environ["TRITON_CACHE_DIR"] = str(tmp / "triton")
    os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["MPLCONFIGDIR"] = str(tmp / "matplotlib")  # the quickstart's plot
    os.environ["HOME"] = str(tmp / "home")  # anything else that keeps state in ~
    tempfile.tempdir = str(tmp)
