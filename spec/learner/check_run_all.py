"""`python -m spec check lesson.ipynb --run-all`: every cell in order on a real kernel, offline, then the spec.

nbclient runs the notebook on an IPython kernel of this same Python, in the notebook's folder (as
Jupyter's "Run All" would), with one cell put first: it turns the network off in the kernel and
stages Fashion-MNIST for `download=True` (spec/loading/offline.py). Like Run All, the first cell that raises
stops the run: the error names its cell and line (`lesson.ipynb, cell 7, line 3`). After the last
cell, the spec runs inside the kernel on the kernel's own definitions (spec/learner/check_live.py) and sends its
report back; the exit status is pytest's (4 when a cell raised, as for a module that does not import).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spec import i18n
from spec.learner import check_live
from spec.loading.notebook import NotebookLine

CELL_TIMEOUT = 1800  # seconds one cell may run: training at top level takes minutes, a hung cell not forever
SETUP = (
    "import sys; sys.path.append({root!r}); from spec.loading.offline import go_offline; go_offline()  "
    "# pytorch-basics-spec --run-all: no network, Fashion-MNIST staged"
)
_CELL_IN = re.compile(r"Cell In\[(\d+)\], line (\d+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@contextlib.contextmanager
def notebook_client(nb: Any, cwd: Path, *, timeout: int = CELL_TIMEOUT) -> Iterator[Any]:
    """An nbclient NotebookClient for `nb` whose kernel (this very Python, in `cwd`) is started and shut down here.

    The kernel runs this Python whatever kernelspecs the machine has, so it imports this spec; it talks over
    Unix sockets in a scratch folder where there are any (no TCP port, no warning about unencrypted TCP).
    """
    from ipykernel.kernelspec import get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(resource_dir="", **get_kernel_dict())

    with tempfile.TemporaryDirectory(prefix="spec-kernel-") as sockets:
        km = KernelManager(kernel_name="python3", kernel_spec_manager=ThisPython())
        if os.name == "posix":
            km.transport, km.ip = "ipc", os.path.join(sockets, "kernel")
        client = NotebookClient(
            nb, km=km, timeout=timeout, allow_errors=False, resources={"metadata": {"path": str(cwd)}}
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
class CellsOutcome:
    """What --run-all found: pytest's exit status and report, or the error that stopped the cells."""

    exitstatus: int
    report: dict[str, Any] | None = field(default=None, repr=False)
    error: str = ""  # "ZeroDivisionError: division by zero"
    where: NotebookLine | None = None  # the learner's cell and line that raised it


def execute(path: str, extra: Sequence[str] = ()) -> CellsOutcome:
    """Run every cell of the notebook at `path`, then the spec in its kernel with pytest options `extra`."""
    import nbformat
    from nbclient.exceptions import CellExecutionError

    notebook = Path(path).expanduser().resolve()
    with warnings.catch_warnings():  # cells of a notebook older than nbformat 4.5 have no id: given below
        warnings.simplefilter("ignore", nbformat.warnings.MissingIDFieldWarning)
        nb = nbformat.read(notebook, as_version=4)
    for index, cell in enumerate(nb.cells):
        cell.setdefault("id", f"cell-{index + 1}")
    root = str(Path(__file__).resolve().parents[2])  # where `spec` and `reference` are imported from
    setup = nbformat.v4.new_code_cell(SETUP.format(root=root))
    final = nbformat.v4.new_code_cell(f"from spec.learner.check_live import emit_report; emit_report({list(extra)!r})")
    cells = [setup, *nb.cells, final]
    run_nb = nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata)
    cell_of_count: dict[int, int] = {}  # the kernel's In[n] -> the cell's place in the learner's notebook
    with notebook_client(run_nb, notebook.parent) as client:
        for index, cell in enumerate(cells):
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as exc:
                if cell.get("execution_count") is not None:
                    cell_of_count[cell.execution_count] = index
                if cell is setup or cell is final:
                    return CellsOutcome(3, error=f"--run-all: the spec's own cell failed: {exc.ename}: {exc.evalue}")
                # index counts the setup cell as 0: it is the learner's cell number, from 1
                where = _where(path, exc, cell_of_count, index)
                return CellsOutcome(4, error=f"{exc.ename}: {exc.evalue}", where=where)
            if cell.get("execution_count") is not None and 0 < index < len(cells) - 1:
                cell_of_count[cell.execution_count] = index
    for output in final.outputs:
        payload = output.get("data", {}).get(check_live.REPORT_MIME)
        if payload is not None:
            payload = json.loads(payload) if isinstance(payload, str) else payload
            return CellsOutcome(int(payload["exitstatus"]), payload["report"])
    return CellsOutcome(3, error="--run-all: the kernel sent no report back")


def run(path: str, extra: Sequence[str] = (), *, lang: str | None = None) -> int:
    """`python -m spec check PATH --run-all [pytest options]`: prints the summary; returns pytest's exit status."""
    lang = lang or _option(extra, "--spec-lang", "--lang") or i18n.default_lang()
    try:
        import ipykernel  # noqa: F401
        import nbclient  # noqa: F401
    except ImportError:
        print(i18n.t("run_all_no_kernel", lang), file=sys.stderr)
        return 4
    # The learner's own options come last, so theirs win.
    outcome = execute(path, [f"--spec-lang={lang}", "--hypothesis-profile", "learner", "-q", *extra])
    report, status = outcome.report, outcome.exitstatus
    if report is None:
        error = outcome.error
        if outcome.where is not None:
            error = i18n.t("run_all_cell_raised", lang, where=outcome.where.text(lang), error=error)
        print(error, file=sys.stderr)
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
    return status


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
