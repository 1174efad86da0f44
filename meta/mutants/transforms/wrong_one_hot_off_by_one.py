"""one_hot treating labels as 1-based: the 1 lands at label - 1.

expect: fail test_one_hot_has_single_one_at_label
expect: fail test_one_hot_matches_the_tutorial_lambda
"""
import torch


def one_hot(label, num_classes=10):
    out = torch.zeros(num_classes)
    out[label - 1] = 1.0
    return out
