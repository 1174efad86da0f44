"""The installed torch and torchvision releases, for facts that hold only from some release on.

pyproject.toml accepts a range (torch>=2.10, torchvision>=0.25) and learners bring their own torch.
A fact that changed inside that range (torchvision 0.29 deprecated read_image) checks the side that
applies to the installed release: `if since("torchvision", "0.29"): ... else: ...`.
"""

from __future__ import annotations

import importlib

from packaging.version import Version


def since(package: str, release: str) -> bool:
    """Whether the installed `package` (a module name: "torch", "torchvision") is `release` or newer.

    Compared on the release numbers only: a local build tag does not count (2.10.0+cu128 is 2.10.0),
    and a nightly 2.15.0.dev20260101 counts as the 2.15.0 it is about to become.
    """
    installed = Version(importlib.import_module(package).__version__)
    return Version(installed.base_version) >= Version(release)
