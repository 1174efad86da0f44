"""describe with tuple(t.shape); to_device with .cuda()/.cpu().

expect: pass
"""


def describe(t):
    return tuple(t.shape), t.dtype, t.device


def to_device(t, device):
    return t.cuda() if device == 'cuda' else t.cpu()
