"""normalize with mean[0] and std[0] for every channel.

expect: fail test_normalize_applies_the_formula_per_channel
expect: fail test_normalize_matches_torchvision_Normalize
"""


def normalize(t, mean, std):
    return (t - mean[0]) / std[0]
