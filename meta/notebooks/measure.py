"""Issue 30's measurement on the real-style notebooks (meta/notebooks/real_style.py), for one checkout of the kit.

    python -m meta.notebooks.measure CHECKOUT MODE [NAME ...] [--timeout S]

MODE: `default` (`python -m spec check NB -m PAGES --spec-report r.json`), `run-all` (the same with --run-all),
`kernel` (a kernel runs the notebook's definitions, as the reader of this script's own checkout keeps them, then `check()` twice:
the first and the second in-kernel check, with $JPY_SESSION_NAME naming the file as Jupyter Server does).
Each notebook is written afresh into its own scratch folder; CHECKOUT's `spec` is the one imported
(PYTHONPATH), so the same script measures main before and a branch after. Prints one tab-separated row per
notebook: name, mode, seconds, exit status, whether r.json was written, the report's status, and the verdicts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from meta.notebooks.real_style import NOTEBOOKS, to_json

PAGES = "cpu and not slow and (data or transforms or model or optimization)"
KERNEL = r"""
import json, os, sys, time
from pathlib import Path
import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
path = Path(sys.argv[1])
prepared = sys.argv[2]
nb = nbformat.v4.new_notebook(cells=[
    nbformat.v4.new_code_cell(Path(prepared).read_text().replace("from spec.loading.offline import go_offline; go_offline()", "")),
    nbformat.v4.new_code_cell("import time\nfrom spec import check\nt = time.perf_counter(); r = check(display=False)\nprint('FIRST', time.perf_counter() - t, r.passed, r.failed)"),
    nbformat.v4.new_code_cell("t = time.perf_counter(); r = check(display=False)\nprint('SECOND', time.perf_counter() - t, r.passed, r.failed)"),
])
os.environ["JPY_SESSION_NAME"] = str(path)
client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
client.execute()
for cell in nb.cells[1:]:
    for out in cell.outputs:
        print(out.get("text", "") or out.get("ename", "") + out.get("evalue", ""), end="")
"""


def measure(checkout: Path, mode: str, name: str, timeout: int) -> str:
    env = {**os.environ, "PYTHONPATH": str(checkout), "OMP_NUM_THREADS": "1"}
    with tempfile.TemporaryDirectory(prefix=f"measure-{name}-") as scratch:
        folder = Path(scratch)
        env["XDG_CACHE_HOME"] = str(folder / "cache")
        nb = folder / f"{name}.ipynb"
        nb.write_text(json.dumps(to_json(NOTEBOOKS[name]), ensure_ascii=False), encoding="utf-8")
        if mode == "kernel":
            code = f"from spec.loading import notebook; print(notebook.prepare({str(nb)!r}).module_path)"
            # The definitions the kernel runs come from this checkout's reader for both checkouts (the old one refuses
            # a notebook with a broken cell): what is measured is check() itself.
            here = {**env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
            prep = subprocess.run([sys.executable, "-c", code], env=here, capture_output=True, text=True, cwd=folder)
            if prep.returncode:
                return f"{name}\t{mode}\t-\t{prep.returncode}\t-\t-\tprepare failed: {prep.stderr.strip()[-200:]!r}"
            argv = [sys.executable, "-c", KERNEL, str(nb), prep.stdout.strip().splitlines()[-1]]
        else:
            argv = [sys.executable, "-m", "spec", "check", nb.name, "-m", PAGES, "--spec-report", "r.json"]
            argv += ["--run-all"] if mode == "run-all" else []
        start = time.perf_counter()
        try:
            proc = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=folder, timeout=timeout)
            rc, out = str(proc.returncode), proc.stdout + proc.stderr
        except subprocess.TimeoutExpired as exc:
            rc, out = f"killed>{timeout}s", str(exc.stdout or "")
        seconds = time.perf_counter() - start
        if mode == "kernel":
            lines = [line for line in out.splitlines() if line.startswith(("FIRST", "SECOND"))]
            return f"{name}\t{mode}\t{seconds:.1f}\t{rc}\t-\t-\t{' | '.join(lines) or out[-300:]!r}"
        report = folder / "r.json"
        verdicts, state = "", "-"
        if report.is_file():
            data = json.loads(report.read_text())
            state = data.get("status", "-")
            verdicts = " ".join(
                f"{c['name']}={c['status']}" for c in data.get("concepts", []) if c["status"] not in ("not_implemented", "not_run")
            )
        tail = " / ".join(out.strip().splitlines()[-3:])[-300:]
        return f"{name}\t{mode}\t{seconds:.1f}\t{rc}\t{report.is_file()}\t{state}\t{verdicts or tail!r}"


def main(argv: list[str]) -> None:
    timeout = 900
    if "--timeout" in argv:
        i = argv.index("--timeout")
        timeout = int(argv[i + 1])
        del argv[i : i + 2]
    checkout, mode, *names = argv
    for name in names or NOTEBOOKS:
        print(f"{measure(Path(checkout).resolve(), mode, name, timeout)}\tload {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
