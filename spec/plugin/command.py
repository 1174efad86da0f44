"""The pytest command line that runs the packaged spec on one implementation, in this process.

`python -m spec check` (spec/learner/check_file.py) and `check()` in a notebook (spec/learner/check_live.py) start
pytest here: on the installed `spec` package, with this kit's own settings (spec/pytest.ini, its rootdir, its
plugins through the `spec.plugin.options` entry point), whatever folder it is called from.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

import pytest

SPEC_DIR = Path(__file__).resolve().parents[1]  # not from spec.plugin.options: pytest must import that plugin itself
LAUNCHER = "python -m spec check"


def pytest_args(impl: str, extra: Sequence[str] = (), *, shown: str | None = None) -> list[str]:
    """The pytest.main arguments that run the packaged spec on `impl`, then `extra`.

    `shown` is the implementation as the learner typed it, for the summary's `run:` hints.
    """
    cache = Path.cwd() / ".pytest_cache"  # never inside site-packages
    return [
        str(SPEC_DIR / "pages"),
        f"--rootdir={SPEC_DIR.parent}",
        "-c",
        str(SPEC_DIR / "pytest.ini"),
        # The options' module, also when plugin autoloading is off (PYTEST_DISABLE_PLUGIN_AUTOLOAD); its entry point
        # (named "spec.options" since 0.1) is blocked by name, or pytest would register the same module twice.
        "-p",
        "no:spec.options",
        "-p",
        "spec.plugin.options",
        "-o",
        f"cache_dir={cache}",
        f"--impl={impl}",
        f"--spec-command={LAUNCHER} {shlex.quote(shown or impl)}",
        *extra,
    ]


def run(impl: str, extra: Sequence[str] = (), plugins: Sequence[object] = (), *, shown: str | None = None) -> int:
    """Runs the spec on `impl` in this process; pytest's exit status."""
    return int(pytest.main(pytest_args(impl, extra, shown=shown), plugins=list(plugins)))
