"""A wrong add_inplace in a file named spec.py, with the kit's names beside it (issue 27): imported under its
own name it became sys.modules["spec"], and its `results` judged it. Under the fixed module name
(spec/loading/impl.py) it is only the code under test, and fails.

expect: fail test_add_inplace_returns_t_itself
"""


def results(config):  # what spec.results.model.results would have been
    raise SystemExit(0)


def add_inplace(t, value):
    return t.clone()  # wrong: not in place
