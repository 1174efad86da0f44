"""Command-line options of the spec, as a plugin of their own.

Installed as a `pytest11` entry point, so pytest knows that `--impl` takes a value before it looks
for its rootdir and conftests: `pytest --impl /elsewhere/my_solution.py` then reads the path as
the option's value, not as a test file to collect. The behaviour lives in spec/plugin.py, which
the repository's conftest.py loads; in any other project these options do nothing.
"""

from __future__ import annotations

import os

import pytest

from spec.i18n import LANGS, default_lang

DEFAULT_IMPL = "reference"
ENV_VAR = "SPEC_IMPL"


def default_threads() -> int:
    """Intra-op threads for the run: half the cores, at least 1.

    On the 2-vCPU boxes we test on, 2 threads make a batch-64 MLP step several times slower than 1
    (the two threads fight the rest of the process for the same cores).
    """
    return max(1, (os.cpu_count() or 1) // 2)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pytorch-basics-spec", "pytorch-basics-spec: check an implementation of the tutorial")
    group.addoption(
        "--impl", default=os.environ.get(ENV_VAR, DEFAULT_IMPL), metavar="FILE_OR_MODULE",
        help="implementation under test: a .py file or a dotted module name (env SPEC_IMPL). Default: %(default)r",
    )
    group.addoption(
        "--require-gpu", action="store_true", default=False,
        help="fail gpu tests instead of skipping them when CUDA is not available. Default: %(default)r",
    )
    group.addoption(
        "--threads", type=int, default=default_threads(), metavar="N",
        help="torch intra-op threads for the run (torch.set_num_threads). Default: %(default)r",
    )
    group.addoption(
        "--lang", choices=LANGS, default=default_lang(), metavar="{zh,en}",
        help="language of the end-of-run summary and of the failure framing (from the locale: LANG, "
             "LC_ALL, LANGUAGE). Default: %(default)r",
    )
    group.addoption(
        "--report", default=None, metavar="FILE",
        help="write the results as JSON (exercism results.json v3, extended: per concept, tutorial "
             "section, duration; schema spec/report.schema.json). Default: %(default)r",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser: pytest.Parser, args: list[str]) -> None:
    """Find the rootdir and ini file again, without the value of `--impl PATH`.

    pytest picks its rootdir before any plugin's options are known, so in
    `pytest -m cpu --impl /elsewhere/my_solution.py` it takes /elsewhere for the rootdir and never
    reads this project's pyproject.toml. Now that `--impl` is parsed, look again; if that finds an
    ini file pytest missed, use it, as if the path had been written `--impl=PATH`. Best effort: on a
    pytest whose internals differ, nothing changes.
    """
    ns = early_config.known_args_namespace
    if getattr(ns, "impl", None) not in args or ns.inifilename or ns.rootdir:
        return
    try:
        import inspect

        from _pytest.config.findpaths import determine_setup

        kwargs = {"inifile": None, "override_ini": ns.override_ini, "args": ns.file_or_dir,
                  "rootdir_cmd_arg": None, "invocation_dir": early_config.invocation_params.dir}
        wanted = inspect.signature(determine_setup).parameters
        rootpath, inipath, inicfg = determine_setup(**{k: v for k, v in kwargs.items() if k in wanted})[:3]
        if inipath is None or inipath == early_config.inipath:
            return
        early_config._rootpath, early_config._inipath, early_config._inicfg = rootpath, inipath, inicfg
        early_config._inicache.clear()
        early_config._parser.extra_info["rootdir"] = str(rootpath)
        early_config._parser.extra_info["inifile"] = str(inipath)
        ns.confcutdir = str(inipath.parent)
        args[:] = early_config._validate_args(early_config.getini("addopts"), "via addopts config") + args
        early_config._configure_python_path()
    except Exception:  # pragma: no cover - a pytest whose internals moved: keep its own choice
        return
