"""The one pytest command line that runs the packaged spec: the launcher's and the grading engine's.

`python -m spec check` (spec/learner/check_file.py) and each submission's child of `python -m spec grade`
(spec/teacher/engine/child.py) start `pytest.main` with these arguments, then add their own: the learner's
options and the `run:` hint command, or the engine's limits and quiet output. The spec runs with the kit's
own settings (spec/pytest.ini, its rootdir, its plugins through `spec.plugin.options`) whatever folder it is
called from, so a folder with its own pytest configuration changes nothing. Imports no torch, and not
spec.plugin.options either: pytest must import that plugin itself, to rewrite its asserts.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from pathlib import Path

SPEC_DIR = Path(__file__).resolve().parents[1]
ROOT = SPEC_DIR.parent  # the rootdir: node ids read "spec/pages/test_x.py::test_y"
PAGES = SPEC_DIR / "pages"  # the specification: one module per tutorial page
INI = SPEC_DIR / "pytest.ini"
ENTRY_POINT = "spec.options"  # the pyproject's pytest11 name for the module spec.plugin.options


def pytest_args(impl: str, paths: Sequence[str] = ()) -> list[str]:
    """The pytest.main arguments that run the spec's `paths` (default: every page) on the implementation `impl`;
    a caller appends its own options."""
    return [
        *(paths or [str(PAGES)]),
        f"--rootdir={ROOT}",
        "-c",
        str(INI),
        "-p",
        plugin_name(),  # also when plugin autoloading is off (PYTEST_DISABLE_PLUGIN_AUTOLOAD)
        f"--impl={impl}",
    ]


def plugin_name() -> str:
    """What `-p` names the spec's plugin by. Installed, the entry point's name: `-p spec.plugin.options` would
    register the module a first time under that name and autoloading a second time under the entry point's,
    which pytest refuses ("Plugin already registered under a different name"). In a checkout that is not
    installed, the module's name."""
    installed = any(ep.name == ENTRY_POINT for ep in importlib.metadata.entry_points(group="pytest11"))
    return ENTRY_POINT if installed else "spec.plugin.options"
