"""The implementation as a whole: importing it leaves torch as it found it.

Not a tutorial page: a file that calls `torch.set_default_dtype(torch.float64)` or
`torch.set_grad_enabled(False)` at import would otherwise fail torch's own facts and blame the
learner's functions for it. spec/plugin/hooks.py restores the state right after the import and keeps what
changed; this test reports it, once, with the line that did it.
"""

from __future__ import annotations

import pytest

from spec.contract import PAGES
from spec.loading.impl import Impl
from spec.results.run import state

# Every page: a state changed at import spoils whichever page is checked (`-m "cpu and transforms"` too).
pytestmark = [getattr(pytest.mark, page) for page in PAGES]


def test_importing_the_implementation_leaves_torch_global_state_alone(impl: Impl, pytestconfig: pytest.Config) -> None:
    changes = state(pytestconfig).import_changes
    if changes:
        pytest.fail(
            f"importing {impl.target} changed global torch state (restored for the other tests): "
            + "; ".join(changes)
            + "\n  a module defines functions and classes; set such state inside the "
            "function that needs it, and restore it (a `with torch.no_grad():` block does both)",
            pytrace=False,
        )
