"""to_python via .tolist() on a flattened tensor, refusing other sizes itself.

expect: pass
"""


def to_python(t):
    if t.numel() != 1:
        raise ValueError(f'to_python needs one element, got {t.numel()}')
    return t.reshape(-1).tolist()[0]
