"""Was a KNOWN HOLE, now seen: add_inplace adds nothing, but rebinds the page's check helpers to ones that pass,
and puts them back when the test's tensor is freed, as the test returns: before the grader's fingerprint looks
(after each test). The tensors situation "the same input changed in place between two calls" keeps its tensor
past the test's end, so the fingerprint sees the rebound helpers there. A lie undone before every test that
uses it ends is still not seen (docs/trust.md).

expect: error changed the spec's or pytest's code during test_tensor_functions_follow_an_input_changed_in_place_between_two_calls[add_inplace]: spec.pages.test_tensors_operations.check,
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
