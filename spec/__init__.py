"""The executable specification of PyTorch's Learn the Basics tutorial (pytest tests and helpers).

PYTEST_DONT_REWRITE: the launcher imports the package before pytest starts; this module has no assert to rewrite.
"""

from __future__ import annotations

from typing import Any


def check(name: str | None = None, **options: Any) -> Any:
    """In a notebook: check what it has defined so far (spec/learner/check_live.py; imported here only when called).

    `check()` every page, `check("one_hot")` one contract name, `check(page="autograd")` one page;
    options `lang="zh"|"en"`, `slow=True`, `display=False`. Returns a CheckResult with .passed,
    .failed and .not_implemented counts.
    """
    from spec.learner.check_live import check as run_check

    return run_check(name, **options)
