"""The executable specification of PyTorch's Learn the Basics tutorial (pytest tests and helpers).

PYTEST_DONT_REWRITE: the launcher imports the package before pytest starts; this module has no assert to rewrite.
"""

from __future__ import annotations

import os
import sys

# `python -m spec` puts the folder it is run from first on sys.path: a learner's inspect.py, torch.py or
# typing.py there would be imported in place of the module the kit needs. That folder goes last instead (a
# dotted module name given to `spec check` is still found there). sys and os are imported by Python itself.
if sys.argv[:1] == ["-m"] and sys.path and sys.path[0] == os.getcwd():
    sys.path.append(sys.path.pop(0))

from typing import Any  # noqa: E402  (after the folder moved)

__version__ = "0.1.0"  # pyproject.toml's; `python -m spec --version` prefers the installed metadata


def check(name: str | None = None, **options: Any) -> Any:
    """In a notebook: check what it has defined so far (spec/learner/check_live.py; imported here only when called).

    `check()` every page, `check("one_hot")` one contract name, `check(page="autograd")` one page;
    options `lang="zh"|"en"`, `slow=True`, `display=False`. Returns a CheckResult with .passed,
    .failed and .not_implemented counts.
    """
    from spec.learner.check_live import check as run_check

    return run_check(name, **options)


def hint(name: str, level: int = 1, *, lang: str | None = None) -> None:
    """In a notebook: `check.hint("one_hot")`, a hint for one contract name (spec/learner/hint.py).

    level 1: the tutorial's passage; 2: what your failing check tried, with the common mistake if one is recognised
    (from your last check()); 3: the reference implementation, when the teacher's spec.toml allows solutions.
    """
    from spec.learner.hint import live

    live(name, level, lang=lang)


check.hint = hint  # type: ignore[attr-defined]  (learntools' q1.hint(): the check object carries its hints)
