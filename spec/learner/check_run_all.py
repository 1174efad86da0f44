"""`python -m spec check lesson.ipynb --run-all`: every cell in order on a real kernel, offline, bounded, then the spec.

nbclient runs the notebook on an IPython kernel of this same Python, in the notebook's folder (as
Jupyter's "Run All" would), with one cell put first: it turns the network off in the kernel and
stages Fashion-MNIST for `download=True` (spec/loading/offline.py). Training at the top level is bounded two ways,
both said before the cells run: Fashion-MNIST is cut to its first tenth (6,000 training and 1,000 test images;
`--run-all-full-data` for all of it), and each cell may run CELL_TIMEOUT seconds (`--run-all-timeout S`), then it
is interrupted. Unlike Run All, a cell that raises or runs out of time does not stop the run: it is named in one line
(`lesson.ipynb, cell 7, line 3 raised ZeroDivisionError: ...`; a download other than Fashion-MNIST says which host it
tried) and the next cells run, so the spec still judges what the notebook defined. After the last cell, the spec
runs inside the kernel on the kernel's own definitions (spec/learner/check_live.py) and sends its report back; the
exit status is pytest's. A report path the learner gives (`--spec-report r.json`) is where the learner stands.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spec import i18n
from spec.learner import check_live
from spec.loading.notebook import NotebookLine
from spec.plugin import command

CELL_TIMEOUT = 60  # seconds one cell may run: 10 epochs on the cut data take ~40 s on 2 loaded cores
DATA_FRACTION = 0.1  # of each Fashion-MNIST split a cell gets: 6,000 training and 1,000 test images
SPLITS = (60_000, 10_000)  # Fashion-MNIST's training and test images
TIMEOUT_OPTION, FULL_DATA_OPTION = "--run-all-timeout", "--run-all-full-data"
SETUP = (
    "import sys; sys.path.append({root!r}); from spec.loading.offline import go_offline; go_offline({fraction})  "
    "# pytorch-basics-spec --run-all: no network, Fashion-MNIST staged"
)
BLOCKED = (  # asked after a cell failed: the hosts it tried to reach, as display data (never parsed from text)
    "from spec.loading.offline import take_blocked_hosts as _b; from IPython.display import display as _d; "
    "_d({{{mime!r}: _b()}}, raw=True); del _b, _d"
)
BLOCKED_MIME = "application/vnd.pytorch-basics-spec.blocked-hosts+json"
REPORT_OPTIONS = ("--spec-report", "--report", "--junitxml", "--junit-xml")  # paths the learner gives
_CELL_IN = re.compile(r"Cell In\[(\d+)\], line (\d+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@contextlib.contextmanager
def notebook_client(nb: Any, cwd: Path, *, timeout: int | None = CELL_TIMEOUT) -> Iterator[Any]:
    """An nbclient NotebookClient for `nb` whose kernel (this very Python, in `cwd`) is started and shut down here.

    The kernel manager is the asynchronous one nbclient is written for: given the blocking one, its client blocked
    nbclient's event loop while waiting for a reply, so neither its time limit nor its check that the kernel is
    alive ran (a kernel that died hung the run).

    The kernel runs this Python whatever kernelspecs the machine has, so it imports this spec; it talks over
    Unix sockets in a scratch folder where there are any (no TCP port, no warning about unencrypted TCP).
    """
    from ipykernel.kernelspec import get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(resource_dir="", **get_kernel_dict())

    with tempfile.TemporaryDirectory(prefix="spec-kernel-") as sockets:
        km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=ThisPython())
        if os.name == "posix":
            km.transport, km.ip = "ipc", os.path.join(sockets, "kernel")
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            allow_errors=False,
            resources={"metadata": {"path": str(cwd)}},
        )
        client.owns_km = True  # nbclient shuts down (kernel, channels, files) only a kernel it owns: this one is
        with client.setup_kernel():
            yield client


def _where(given: str, error: Any, cell_of_count: dict[int, int], running: int) -> NotebookLine:
    """The deepest notebook line in a kernel traceback ("Cell In[5], line 3"), else the cell that was running."""
    traceback = error.traceback if isinstance(error.traceback, str) else "\n".join(error.traceback or [])
    found = [(int(n), int(line)) for n, line in _CELL_IN.findall(_ANSI.sub("", traceback)) if int(n) in cell_of_count]
    if found:
        count, line = found[-1]
        return NotebookLine(given, cell_of_count[count], line)
    return NotebookLine(given, running, 1)


@dataclass
class CellFailure:
    """One cell that raised or ran out of time under --run-all; the run went on past it."""

    where: NotebookLine  # the learner's cell and line
    error: str  # "ZeroDivisionError: division by zero"
    timed_out: float | None = None  # the limit in seconds, when the cell was interrupted at it
    hosts: list[str] = field(default_factory=list)  # what it tried to download from (the network is off)

    def text(self, lang: str) -> str:
        """One line: the cell, and what went wrong there."""
        where = self.where.text(lang)
        if self.hosts:
            return i18n.t("run_all_cell_download", lang, where=where, hosts=", ".join(self.hosts))
        if self.timed_out is not None:
            return i18n.t("run_all_cell_timed_out", lang, where=self.where.cell_text(lang), seconds=self.timed_out)
        return i18n.t("run_all_cell_raised", lang, where=where, error=self.error)


@dataclass
class CellsOutcome:
    """What --run-all found: pytest's exit status and report (None when the spec could not run), the cells that
    failed on the way, or the error that stopped everything."""

    exitstatus: int
    report: dict[str, Any] | None = field(default=None, repr=False)
    error: str = ""  # "--run-all: the kernel sent no report back"
    failed: list[CellFailure] = field(default_factory=list)
    died_at: int | None = None  # the learner's cell during which the kernel died (out of memory, os._exit)

    @property
    def where(self) -> NotebookLine | None:
        """The first failed cell's line."""
        return self.failed[0].where if self.failed else None


def execute(
    path: str,
    extra: Sequence[str] = (),
    *,
    timeout: float = CELL_TIMEOUT,
    fraction: float | None = DATA_FRACTION,
) -> CellsOutcome:
    """Run every cell of the notebook at `path` (each at most `timeout` s; Fashion-MNIST cut to `fraction`, None
    for all of it), going on past a cell that fails, then the spec in its kernel with pytest options `extra`."""
    import nbformat
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    notebook = Path(path).expanduser().resolve()
    with warnings.catch_warnings():  # cells of a notebook older than nbformat 4.5 have no id: given below
        warnings.simplefilter("ignore", nbformat.warnings.MissingIDFieldWarning)
        nb = nbformat.read(notebook, as_version=4)
    for index, cell in enumerate(nb.cells):
        cell.setdefault("id", f"cell-{index + 1}")
    root = str(Path(__file__).resolve().parents[2])  # where `spec` and `reference` are imported from
    setup = nbformat.v4.new_code_cell(SETUP.format(root=root, fraction="" if fraction is None else fraction))
    final = nbformat.v4.new_code_cell(f"from spec.learner.check_live import emit_report; emit_report({list(extra)!r})")
    cells = [setup, *nb.cells, final]
    run_nb = nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata)
    cell_of_count: dict[int, int] = {}  # the kernel's In[n] -> the cell's place in the learner's notebook
    failed: list[CellFailure] = []
    # A learner's cell is limited by a timer that interrupts the kernel, as the notebook's Interrupt button does;
    # nbclient's own limit is off, so the spec's own cells (every page takes minutes) are never cut.
    with notebook_client(run_nb, notebook.parent, timeout=None) as client:
        for index, cell in enumerate(cells):
            if cell.cell_type != "code":
                continue
            fired = threading.Event()
            limit = threading.Timer(timeout, _interrupt, (client.km, fired))
            if 0 < index < len(cells) - 1:  # the learner's cells; the spec's own are not limited
                limit.start()
            try:
                client.execute_cell(cell, index)
            except DeadKernelError:
                return CellsOutcome(3, failed=failed, died_at=index)
            except CellExecutionError as exc:
                if cell.get("execution_count") is not None:
                    cell_of_count[cell.execution_count] = index
                if cell is setup or cell is final:
                    error = f"--run-all: the spec's own cell failed: {exc.ename}: {exc.evalue}"
                    return CellsOutcome(3, error=error, failed=failed)
                # index counts the setup cell as 0: it is the learner's cell number, from 1
                failed.append(
                    CellFailure(
                        _where(path, exc, cell_of_count, index),
                        f"{exc.ename}: {exc.evalue}",
                        timed_out=timeout if fired.is_set() else None,
                        hosts=_blocked_hosts(client, nbformat),
                    )
                )
                continue
            finally:
                limit.cancel()
            if cell.get("execution_count") is not None and 0 < index < len(cells) - 1:
                cell_of_count[cell.execution_count] = index
    for output in final.outputs:
        payload = output.get("data", {}).get(check_live.REPORT_MIME)
        if payload is not None:
            payload = json.loads(payload) if isinstance(payload, str) else payload
            return CellsOutcome(int(payload["exitstatus"]), payload["report"], failed=failed)
    return CellsOutcome(3, error="--run-all: the kernel sent no report back", failed=failed)


def _interrupt(km: Any, fired: threading.Event) -> None:
    """The notebook's Interrupt button, from the timer's thread: SIGINT to the kernel (ipykernel's interrupt mode
    on POSIX), else the (asynchronous) manager's own interrupt on a loop of this thread."""
    fired.set()
    pid = getattr(km.provisioner, "pid", None)
    if pid is not None and os.name == "posix":
        os.kill(pid, signal.SIGINT)
    else:
        asyncio.run(km.interrupt_kernel())


def _blocked_hosts(client: Any, nbformat: Any) -> list[str]:
    """The hosts the cell that just failed tried to reach (spec/loading/offline.py keeps them), asked in the kernel."""
    ask = nbformat.v4.new_code_cell(BLOCKED.format(mime=BLOCKED_MIME))
    try:
        client.execute_cell(ask, 0, store_history=False)
    except Exception:  # the question is best effort: the cell's own error is said anyway
        return []
    for output in ask.outputs:
        hosts = output.get("data", {}).get(BLOCKED_MIME)
        if isinstance(hosts, list):
            return [str(h) for h in hosts]
    return []


def run(path: str, extra: Sequence[str] = (), *, lang: str | None = None) -> int:
    """`python -m spec check PATH --run-all [options]`: prints the summary; returns pytest's exit status.

    `--run-all-timeout S` (seconds per cell) and `--run-all-full-data` are --run-all's own; the rest goes to pytest."""
    lang = lang or _option(extra, "--spec-lang", "--lang") or i18n.default_lang()
    try:
        import ipykernel  # noqa: F401
        import nbclient  # noqa: F401
    except ImportError:
        print(i18n.t("run_all_no_kernel", lang), file=sys.stderr)
        return 4
    timeout = float(_option(extra, TIMEOUT_OPTION) or CELL_TIMEOUT)
    fraction = None if FULL_DATA_OPTION in extra else DATA_FRACTION
    extra = _without(extra, TIMEOUT_OPTION, FULL_DATA_OPTION)
    bounds = "run_all_bounds" if fraction is not None else "run_all_bounds_full"
    train, test = (int(n * (fraction or 1)) for n in SPLITS)
    print(
        i18n.t(bounds, lang, seconds=timeout, percent=round(100 * (fraction or 1)), train=train, test=test), flush=True
    )
    # The learner's own options come last, so theirs win; their report paths are where they stand, not the kernel.
    args = [f"--spec-lang={lang}", "--hypothesis-profile", "learner", "-q", *_absolute(extra)]
    outcome = execute(path, args, timeout=timeout, fraction=fraction)
    for failure in outcome.failed:
        print(failure.text(lang), file=sys.stderr)
    report, status = outcome.report, outcome.exitstatus
    if report is None and outcome.died_at is not None:  # nothing left to ask: judge the file's definitions instead
        print(i18n.t("run_all_kernel_died", lang, cell=outcome.died_at), file=sys.stderr)
        print(i18n.t("run_all_fallback", lang), flush=True)
        return command.run(str(Path(path).resolve()), [f"--spec-lang={lang}", *extra], shown=path)
    if report is None:
        print(outcome.error, file=sys.stderr)
        return status
    counts = {
        s: sum(t["status"] == s for t in report["tests"] if t.get("checks_implementation"))
        for s in ("pass", "fail", "error", "not_implemented", "skip")
    }
    result = check_live.CheckResult(
        counts["pass"], counts["fail"] + counts["error"], counts["not_implemented"], counts["skip"], status, report
    )

    def hint(page: str | None, concept: str | None) -> str:
        return f"python -m spec check {path} --run-all" + (f' -m "cpu and {page}"' if page else "")

    print(check_live.text(result, lang=lang, hint=hint))
    if outcome.failed:  # the verdicts above are on what the cells that ran defined
        print(i18n.t("run_all_judged_despite", lang, n=len(outcome.failed)))
    return status


def _without(args: Sequence[str], value_option: str, flag: str) -> list[str]:
    """`args` less `value_option VALUE` / `value_option=VALUE` and `flag`."""
    out: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == value_option:
            skip = True
        elif arg != flag and not arg.startswith(value_option + "="):
            out.append(arg)
    return out


def _absolute(args: Sequence[str]) -> list[str]:
    """`args` with the learner's report paths made absolute from where they stand: the spec runs in the kernel,
    in a scratch folder, where a relative path would write nowhere the learner looks."""
    out = list(args)
    for i, arg in enumerate(out):
        for name in REPORT_OPTIONS:
            if arg == name and i + 1 < len(out):
                out[i + 1] = os.path.abspath(out[i + 1])
            elif arg.startswith(name + "="):
                out[i] = f"{name}={os.path.abspath(arg.split('=', 1)[1])}"
    return out


def _option(args: Sequence[str], *names: str) -> str | None:
    """The value of the last `--name VALUE` or `--name=VALUE` among `args`, for any of `names`."""
    value = None
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                value = args[i + 1]
            elif arg.startswith(name + "="):
                value = arg.split("=", 1)[1]
    return value
