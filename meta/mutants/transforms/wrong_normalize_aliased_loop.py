"""normalize looping over channels of out = t (no clone): writes into the input.

expect: fail test_normalize_leaves_its_input_unchanged
"""


def normalize(t, mean, std):
    out = t
    for c in range(t.shape[0]):
        out[c] = (t[c] - mean[c]) / std[c]
    return out
