"""Rebinds the check helpers inside the spec's page modules (a page looks them up in its own namespace when a
test runs), not in spec.helpers.checks, whose fingerprint patch_checks.py meets.

expect: error after importing the submission: spec.pages.
"""
import sys

for name, module in list(sys.modules.items()):
    if name.startswith("spec.pages.") and module is not None:
        for helper in ("check_equal", "check_tensor", "check_tensor_equal", "check_is", "check"):
            if hasattr(module, helper):
                setattr(module, helper, lambda *args, **kwargs: None)


def add_inplace(t, value):
    return None  # wrong
