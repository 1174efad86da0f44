"""`python -m spec check PATH [pytest options]`: the spec on one implementation, from any folder.

PATH is a .py file, a dotted module name or a .ipynb notebook (spec/loading/notebook.py takes its
definitions). pytest is started on the installed `spec` package with this kit's own settings
(spec/pytest.ini, its rootdir, its plugins through the `spec.plugin.options` entry point: spec/plugin/command.py),
whatever folder it is called from, so a learner's folder with its own pytest configuration changes nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from spec.learner import check_run_all
from spec.loading import notebook
from spec.plugin.command import run


def check_path(path: str, extra: Sequence[str] = ()) -> int:
    """`python -m spec check PATH ...`: a notebook's definitions (or, with --run-all, all its cells on a kernel)."""
    if path.endswith(".ipynb"):
        if "--run-all" in extra:
            return check_run_all.run(path, [a for a in extra if a != "--run-all"])
        try:
            prepared = notebook.prepare(Path(path))
        except notebook.NotebookError:  # not a notebook: pytest's run says why, and writes the error report
            prepared = None
        if prepared is not None and prepared.left_out:  # what a check leaves out: training, demos, prints, plots
            print(f"spec check: left out of {path} (they run with --run-all):")
            for line in prepared.left_out:
                print(f"  {line}")
    elif "--run-all" in extra:
        print(
            "spec check: --run-all runs the cells of a .ipynb notebook; a .py file is imported as it is",
            file=sys.stderr,
        )
        return int(pytest.ExitCode.USAGE_ERROR)
    target = str(Path(path).resolve()) if path.endswith((".py", ".ipynb")) or os.sep in path else path
    return run(target, extra, shown=path)
