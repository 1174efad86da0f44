"""The warm-up: the parent imports torch & co and the spec once, so that every forked child starts with them.

Importing torch, torchvision, onnxruntime and the spec's test modules costs ~5 s on the 2-core box. The
modules are named here and imported when `warm()` runs, not when the engine is imported: `python -m spec
new` and `--help` stay light, and the hypothesis profile must be loaded before the test modules are.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import sys
import tempfile
import types
import warnings
from pathlib import Path

import pytest

# Light kit modules every child uses, imported here so that no child pays for them.
from spec.plugin import command, hooks, profiles  # noqa: F401  (hooks: imported once, with torch, for every child)
from spec.results import model, report, summary  # noqa: F401
from spec.teacher import trust  # noqa: F401

ROOT = command.ROOT
SPEC = command.SPEC_DIR
PAGES = command.PAGES
# Imported when warm() runs; the optional ones (onnx, pytest-timeout) where they are installed.
PRELOAD = (
    "torch",
    "torchvision",
    "numpy",
    "PIL.Image",
    "hypothesis",
    "onnx",
    "onnxruntime",
    "onnxscript",
    "pytest_timeout",
)

_profile: str | None = None  # the hypothesis profile the process was warmed with


def profile() -> str:
    """The hypothesis profile the children run with: the one warm() loaded."""
    return _profile or "learner"


def warm(profile: str = "learner") -> None:
    """Imports torch & co, the spec's plugins and test modules, once per process (the first call's profile
    holds: a test's hypothesis settings are fixed when its module is imported)."""
    global _profile
    if _profile:
        return
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    # The children run with this profile (`learner` for a class); load it before the test modules are
    # imported, since hypothesis fixes a test's settings (deadline, phases) when its decorator runs.
    from hypothesis import settings  # third-party, imported by the warm-up itself (see spec/plugin/profiles.py)

    profiles.register()
    settings.load_profile(profile)
    page_modules()
    import reference  # its names are imported on first use (reference/__init__.py): all of them, here, once

    for name in reference.__all__:
        getattr(reference, name)
    # Hypothesis mines the source of every local module for constants the first time a test runs (a
    # few seconds); done here, every child inherits the result and mines only the submission.
    try:
        from hypothesis.internal.conjecture.providers import _get_local_constants

        _get_local_constants()
    except (ImportError, AttributeError):
        pass
    _warm_pytest()
    _warm_onnx_exporter()
    _profile = profile


def page_modules() -> dict[str, types.ModuleType]:
    """The spec's page modules by their path as a node id gives it ("spec/pages/test_tensors.py"), imported
    by the names of the files in spec/pages/ (never by a name that came from a child)."""
    return {
        str(path.relative_to(ROOT)): importlib.import_module(f"spec.pages.{path.stem}")
        for path in sorted(PAGES.glob("test_*.py"))
    }


def _warm_pytest() -> None:
    """pytest.main imports pytest's own plugins and the installed ones (pytest11 entry points) through its
    assertion rewriter, ~0.1 s each time: one run here that collects nothing does it for every child."""
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
        pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", f"--rootdir={tmp}", "-c", os.devnull, tmp])


def _warm_onnx_exporter() -> None:
    """A process's first torch.onnx.export takes ~2.2 s, the next ones ~0.7 s (the exporter's lazy imports
    and first traces): one tiny export here, and no child pays it again."""
    import torch

    try:
        with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(4, 2), torch.nn.ReLU()).eval()
            torch.onnx.export(net, (torch.rand(1, 2, 2),), str(Path(tmp) / "warm.onnx"), dynamo=True, verbose=False)
    except Exception:  # noqa: BLE001  (no exporter here, or another torch: the children pay it themselves)
        pass
