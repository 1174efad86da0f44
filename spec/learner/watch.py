"""`python -m spec check FILE --watch`: a warm process that rechecks FILE each time it is saved.

The grading engine's idea (spec/teacher/engine/warmup.py): the process imports torch & co and the spec's page
modules once, then forks a child per check, which starts with all of it imported and imports only the
learner's file, fresh each time. The parent polls the file (its mtime and size, then a hash of its bytes; no
dependency) and, when it changed, compares each contract name's definition (spec/learner/check_file.py:
`definitions`, the `ast` of the name and of what it uses) with the last checked one: only the pages of the names
whose definitions changed are checked again, and only the new summary is printed (the table, the next step,
the first failure), with the time from the save to the verdict.

Each check is `python -m spec check FILE` as the learner would run it (the same pytest command line,
spec/plugin/command.py), with the -m the learner gave or the scoped one, limited to the tests of the learner's
code (torch's facts, the errata and drift say the same on every save) and on one torch thread (a fork of a
process that has run torch's thread pool must not start it again).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from spec import contract, i18n
from spec.learner import check_file
from spec.loading import notebook
from spec.plugin import command
from spec.results import summary
from spec.results.context import RunContext
from spec.results.model import checks_impl
from spec.results.run import results
from spec.teacher.engine import warmup

POLL_S = 0.2  # how often the file's mtime and size are read
SETTLE_S = 0.05  # how long the mtime and size must stay the same before the file is read

MESSAGES = {
    "warming": {
        "en": "spec check --watch: importing torch and the spec once (a few seconds) ...",
        "zh": "spec check --watch:导入 torch 和规范(只需一次,几秒钟)……",
    },
    "checking": {
        "en": "spec check --watch: {shown} {why}: checking {pages}",
        "zh": "spec check --watch:{shown} {why}:检查 {pages}",
    },
    "first": {"en": "as it is", "zh": "当前内容"},
    "changed": {"en": "changed ({names})", "zh": "有改动({names})"},
    "verdict": {
        "en": "spec check --watch: verdict in {seconds:.1f} s after the save. Waiting for {shown} to change "
        "(Ctrl-C to stop) ...",
        "zh": "spec check --watch:保存后 {seconds:.1f} 秒得出结果。等待 {shown} 的下一次改动(Ctrl-C 停止)……",
    },
    "unchanged": {
        "en": "spec check --watch: {shown} saved, no definition of a contract name changed: nothing to check again",
        "zh": "spec check --watch:{shown} 已保存,契约名字的定义都没有改动:无需重新检查",
    },
    "unreadable": {
        "en": "spec check --watch: {shown} cannot be read yet ({error}); waiting for the next save",
        "zh": "spec check --watch:暂时无法读取 {shown}({error});等待下一次保存",
    },
}


class _Verdict:
    """pytest plugin in the child: the tests of the learner's code only, and the summary written to `fd` (the
    terminal; pytest's own output goes nowhere)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        theirs = [item for item in items if checks_impl(item)]
        if len(theirs) < len(items):
            kept = {id(item) for item in theirs}
            config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
            items[:] = theirs

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        lines = summary.render(results(session.config).ran(), RunContext.of(session.config))
        os.write(self.fd, ("\n".join(lines) + "\n").encode())


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _definitions(path: str) -> dict[str, str]:
    """The file's contract definitions (check_file.definitions); a notebook's as the check reads them."""
    if path.endswith(".ipynb"):
        source = notebook.prepare(Path(path)).module_path.read_text(encoding="utf-8")
    else:
        source = Path(path).read_text(encoding="utf-8")
    return check_file.definitions(source)


def _check(target: str, shown: str, extra: Sequence[str]) -> int:
    """One check in a forked child; the child's exit status (pytest's)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 70
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent ends it with its own, below
            terminal = os.dup(1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)  # pytest's progress and header; errors (an import error) stay on stderr
            code = command.run(target, extra, plugins=[_Verdict(terminal)], shown=shown)
        except BaseException as exc:  # noqa: BLE001  (anything: say it, and end the child)
            with contextlib.suppress(OSError):
                os.write(2, f"spec check --watch: {type(exc).__name__}: {exc}\n".encode())
        finally:
            os._exit(code)
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status)
        except KeyboardInterrupt:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            raise


def watch(path: str, extra: Sequence[str] = (), *, poll_s: float = POLL_S, runs: int | None = None) -> int:
    """Checks `path`, then again each time it is saved, until Ctrl-C (or after `runs` checks); exit status 0."""
    lang = check_file.lang_of(extra)
    # Ctrl-C and a plain kill end the watch, also where the shell started it with SIGINT ignored (in the background).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(i18n.t("warming", lang, MESSAGES), flush=True)
    warmup.warm("ci" if os.environ.get("CI") else "dev")  # the profile `python -m spec check` runs with
    # The warm heap never needs collecting again: frozen, each child's gc.collect (pytest calls it several
    # times when a session ends, ~1.3 s each on this heap) walks only what the check made.
    gc.collect()
    gc.freeze()
    target = check_file.impl_target(path)
    chosen = command.markexpr_of(extra) if check_file.chooses_tests(extra) else None
    user = [a for a in extra if a != "--watch"]
    file = Path(path)
    last_stamp: tuple[int, int] | None = None
    last_hash = ""
    checked: dict[str, str] | None = None  # the definitions of the last check
    done = 0
    try:
        while runs is None or done < runs:
            stamp = _stamp(file)
            if stamp is None or stamp == last_stamp:
                time.sleep(poll_s)
                continue
            saved = time.monotonic()  # the save is seen here, at most poll_s after it happened
            time.sleep(SETTLE_S)
            while (settled := _stamp(file)) != stamp:  # an editor still writing it: read it once it is still
                stamp = settled
                time.sleep(SETTLE_S)
            if stamp is None:
                continue
            last_stamp = stamp
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
            if digest == last_hash:
                continue
            last_hash = digest
            try:
                now = _definitions(path)
            except (SyntaxError, ValueError, OSError, notebook.NotebookError) as exc:
                print(
                    i18n.t("unreadable", lang, MESSAGES, shown=path, error=f"{type(exc).__name__}: {exc}"), flush=True
                )
                continue
            if checked is None:
                names = sorted(now)
                why = i18n.t("first", lang, MESSAGES)
            else:
                names = sorted(n for n in set(now) | set(checked) if now.get(n) != checked.get(n))
                why = i18n.t("changed", lang, MESSAGES, names=", ".join(names))
                if not names:
                    print(i18n.t("unchanged", lang, MESSAGES, shown=path), flush=True)
                    continue
            pages = (
                check_file.pages_of(names)
                or check_file.pages_of(now)
                or [contract.CONTRACT[next(iter(contract.CONTRACT))].page]
            )
            markexpr = check_file.scoped_markexpr(pages)
            if chosen is not None:
                markexpr = f"({chosen}) and ({' or '.join(pages)})"
            print(i18n.t("checking", lang, MESSAGES, shown=path, why=why, pages=", ".join(pages)), flush=True)
            with tempfile.TemporaryDirectory(prefix="spec-watch-") as tmp:
                # As the engine's children: pytest's log capture costs ~1.4 ms a test over torch's loggers, and a
                # basetemp of its own spares pytest the scan and clean-up of the machine's older ones.
                no_logging = ["-p", "no:logging", f"--basetemp={tmp}/pytest"]
                _check(target, path, [*_without_m(user), "-m", markexpr, "--spec-threads=1", *no_logging])
            checked = now
            done += 1
            print(i18n.t("verdict", lang, MESSAGES, seconds=time.monotonic() - saved, shown=path), flush=True)
    except KeyboardInterrupt:
        print(flush=True)
        sys.stderr.flush()
        # Stopped by the learner: nothing is left to write, and the warm heap's finalization takes seconds.
        os._exit(0)
    return 0


def _without_m(args: Sequence[str]) -> list[str]:
    """`args` without their -m expression (the watch writes its own, from the learner's)."""
    out: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "-m":
            skip = True
        elif not (arg.startswith("-m") and not arg.startswith("--")):
            out.append(arg)
    return out
