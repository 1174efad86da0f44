"""normalize one channel at a time into a clone.

expect: pass
"""


def normalize(t, mean, std):
    out = t.clone()
    for c in range(t.shape[0]):
        out[c] = (t[c] - mean[c]) / std[c]
    return out
