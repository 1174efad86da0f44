"""normalize with the image's own mean and std, ignoring the arguments.

expect: fail test_normalize_applies_the_formula_per_channel
"""


def normalize(t, mean, std):
    return (t - t.mean()) / t.std()
