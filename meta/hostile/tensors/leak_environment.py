"""Looks for the grader's environment (a token, the virtual environment, the grader's command line) to print
it into its report, which students see through the Gradescope and exercism files.

The child's environment is an allow-list (spec/teacher/engine/child.py: ENVIRONMENT) and its sys.argv is not
the grader's: nothing to leak.
expect: pass
"""

import os
import sys

leaked = sorted(k for k in os.environ if "TOKEN" in k or "SECRET" in k or k in ("VIRTUAL_ENV", "OLDPWD", "USER"))
if leaked or any("--grading" in a or "--json" in a for a in sys.argv):
    raise RuntimeError(f"the grader's environment is in view: {leaked} {sys.argv}")


def add_inplace(t, value):
    return t.add_(value)
