"""The spec's pytest entry point: its command-line options, and the plugins it loads when the spec runs.

Installed as the `pytest11` entry point `spec.plugin.options`, so every pytest in the environment knows the
options; the spec's own plugins (spec/plugin/hooks.py, results.py, summary.py, report.py) are registered only when the
run collects the spec itself (`pytest` in this checkout, `python -m spec check`, `pytest --pyargs spec`).
In any other project, pytest runs as if this kit were not installed.

The options are prefixed `--spec-` (as pytest-randomly and pytest-benchmark prefix theirs), except
`--impl` and `--require-gpu`, which the README and the GPU scripts have always used. The unprefixed
`--lang`, `--report` and `--threads` of release 0.1 still work for one release, with a warning.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spec.i18n import LANGS, default_lang

DEFAULT_IMPL = "reference"
ENV_VAR = "SPEC_IMPL"
SPEC_DIR = Path(__file__).resolve().parents[1]
META_DIR = SPEC_DIR.parent / "meta"  # the kit's own tests, in a checkout (not shipped)
# Registered in this order when the spec runs; spec.plugin.hooks last, since its pytest_configure imports the
# implementation and may stop the run with a usage error, which the report must still see.
PLUGINS = (
    "spec.results.model",
    "spec.results.summary",
    "spec.results.report",
    "spec.plugin.hooks",
    "spec.plugin.assigned",  # after hooks: it wraps the implementation hooks imported
)
DEPRECATED = {"--lang": "--spec-lang", "--report": "--spec-report", "--threads": "--spec-threads"}  # until 0.3


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pytorch-basics-spec", "pytorch-basics-spec: check an implementation of the tutorial")
    group.addoption(
        "--impl",
        default=os.environ.get(ENV_VAR, DEFAULT_IMPL),
        metavar="FILE_OR_MODULE",
        help="implementation under test: a .py file, a .ipynb notebook or a dotted module name (env SPEC_IMPL). "
        "Default: %(default)r",
    )
    group.addoption(
        "--require-gpu",
        action="store_true",
        default=False,
        help="fail gpu tests instead of skipping them when CUDA is not available. Default: %(default)r",
    )
    group.addoption(
        "--spec-threads",
        "--threads",
        dest="spec_threads",
        type=int,
        default=None,
        metavar="N",
        help="torch intra-op threads for the run (torch.set_num_threads); None: half the cores, at least 1 "
        "(reference.quickstart.fast.default_threads). Default: %(default)r",
    )
    group.addoption(
        "--spec-lang",
        "--lang",
        dest="spec_lang",
        choices=LANGS,
        default=default_lang(),
        metavar="{zh,en}",
        help="language of the end-of-run summary and of the failure framing (from the locale: LANG, "
        "LC_ALL, LANGUAGE). Default: %(default)r",
    )
    group.addoption(
        "--spec-report",
        "--report",
        dest="spec_report",
        default=None,
        metavar="FILE",
        help="write the results as JSON (exercism results.json v3, extended: per concept, tutorial "
        "section, duration; schema spec/results/report.schema.json). Default: %(default)r",
    )
    group.addoption(
        "--spec-assignment",
        dest="spec_assignment",
        default=None,
        metavar="FILE",
        help="the teacher's assignment file (TOML, spec/assignment.py): what is graded and what feedback shows. "
        "Default: spec.toml in the current folder or a parent, if any",
    )
    group.addoption(
        "--spec-command",
        dest="spec_command",
        default="pytest",
        metavar="COMMAND",
        help="the command the summary's `run:` and `Next:` hints start with (`python -m spec check` sets "
        "its own). Default: %(default)r",
    )


def spec_in_run(config: pytest.Config) -> bool:
    """Whether this run collects the spec: a path argument at, inside or above spec/ (or the checkout's meta/),
    or `--pyargs spec`."""
    if config.option.pyargs and any(str(a).split("::")[0].split(".")[0] == "spec" for a in config.args):
        return True
    for arg in config.args:
        path = Path(config.invocation_params.dir, str(arg).split("::")[0]).resolve()
        if any(path == d or d in path.parents or path in d.parents for d in (SPEC_DIR, META_DIR)):
            return True
    return False


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if not spec_in_run(config):
        return
    used = [
        old
        for old in DEPRECATED
        if any(a == old or a.startswith(old + "=") for a in map(str, config.invocation_params.args))
    ]
    for old in used:
        config.issue_config_time_warning(
            FutureWarning(f"{old} is deprecated and goes away in 0.3: write {DEPRECATED[old]}"), stacklevel=2
        )
    for name in PLUGINS:
        if config.pluginmanager.get_plugin(name) is None:
            config.pluginmanager.import_plugin(name)
