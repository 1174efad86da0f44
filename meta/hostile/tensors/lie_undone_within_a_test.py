"""A KNOWN HOLE, pinned so that docs/trust.md stays true: add_inplace adds nothing, but rebinds the page's check
helpers to ones that pass, and puts them back when the test's tensor is freed, as the test returns: before the
grader's fingerprint looks (after each test). A lie undone within one test is not seen. If this file ever gets
another status, the hole is closed: say so in docs/trust.md, and expect the new status here.

expect: pass
"""
import sys
import weakref

HELPERS = ("check", "check_equal", "check_is", "check_tensor", "check_tensor_equal")
ORIGINAL = {}


def add_inplace(t, value):
    page = sys.modules["spec.pages.test_tensors_operations"]
    if not ORIGINAL:
        ORIGINAL.update({name: getattr(page, name) for name in HELPERS if hasattr(page, name)})
    for name in ORIGINAL:
        setattr(page, name, lambda *args, **kwargs: None)
    weakref.finalize(t, lambda: [setattr(page, name, helper) for name, helper in ORIGINAL.items()])
    return t  # wrong: nothing added
