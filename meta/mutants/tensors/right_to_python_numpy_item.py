"""to_python via NumPy's .item(), which refuses arrays of several elements.

expect: pass
"""


def to_python(t):
    return t.detach().cpu().numpy().item()
