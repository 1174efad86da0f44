"""to_python checking the size with assert: an AssertionError is a way of raising too.

expect: pass
"""


def to_python(t):
    assert t.numel() == 1, f"to_python needs a one-element tensor, got shape {tuple(t.shape)}"
    return t.item()
