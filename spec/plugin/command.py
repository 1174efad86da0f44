"""The one pytest command line that runs the packaged spec: the learner's launcher's and the grading engine's.

`python -m spec check` (spec/learner/check_file.py), `check()` in a notebook (spec/learner/check_live.py) and each
submission's child of `python -m spec grade` (spec/teacher/engine/child.py) start `pytest.main` with
`pytest_args`, then add their own: the learner's options and the `run:` hint command (`learner_args`), or the
engine's limits and quiet output. The spec runs with the kit's own settings (spec/pytest.ini, its rootdir, its
plugins) whatever folder it is called from, so a folder with its own pytest configuration changes nothing.
Imports no torch, and not spec.plugin.options either: pytest must import that plugin itself, to rewrite its asserts.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

import pytest

SPEC_DIR = Path(__file__).resolve().parents[1]
ROOT = SPEC_DIR.parent  # the rootdir: node ids read "spec/pages/test_x.py::test_y"
PAGES = SPEC_DIR / "pages"  # the specification: one module per tutorial page
INI = SPEC_DIR / "pytest.ini"
ENTRY_POINT = "spec.options"  # the pyproject's pytest11 name for the module spec.plugin.options
LAUNCHER = "python -m spec check"


def pytest_args(impl: str, paths: Sequence[str] = ()) -> list[str]:
    """The pytest.main arguments that run the spec's `paths` (default: every page) on the implementation `impl`;
    a caller appends its own options."""
    return [
        *(paths or [str(PAGES)]),
        f"--rootdir={ROOT}",
        "-c",
        str(INI),
        # The options' module by its own name, also when plugin autoloading is off (PYTEST_DISABLE_PLUGIN_AUTOLOAD);
        # its entry point is blocked by name, or pytest would register the same module twice, under two names.
        "-p",
        f"no:{ENTRY_POINT}",
        "-p",
        "spec.plugin.options",
        f"--impl={impl}",
    ]


def learner_args(impl: str, extra: Sequence[str] = (), *, shown: str | None = None) -> list[str]:
    """`pytest_args` for a learner's check: pytest's cache where the learner stands, the `run:` hints' command,
    then `extra`. `shown` is the implementation as the learner typed it."""
    cache = Path.cwd() / ".pytest_cache"  # never inside site-packages
    return [
        *pytest_args(impl),
        "-o",
        f"cache_dir={cache}",
        f"--spec-command={LAUNCHER} {shlex.quote(shown or impl)}",
        *extra,
    ]


def run(impl: str, extra: Sequence[str] = (), plugins: Sequence[object] = (), *, shown: str | None = None) -> int:
    """Runs the spec on `impl` in this process, as a learner's check; pytest's exit status."""
    return int(pytest.main(learner_args(impl, extra, shown=shown), plugins=list(plugins)))
