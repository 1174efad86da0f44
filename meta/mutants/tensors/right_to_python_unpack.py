"""to_python unpacking the flattened, detached list: any other size raises ValueError.

expect: pass
"""


def to_python(t):
    [x] = t.detach().flatten().tolist()
    return x
