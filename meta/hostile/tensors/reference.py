"""A wrong add_inplace in a file named reference.py (issue 27): imported under its own name it became the
reference that the tests compare with. Under the fixed module name (spec/loading/impl.py) the reference stays
the kit's, and it fails.

expect: fail test_add_inplace_returns_t_itself
"""


def add_inplace(t, value):
    return t.clone()  # wrong: not in place, and its own reference would agree
