"""rand_like from a single random number: every element the same.

expect: fail test_rand_like_values_are_not_all_equal
"""

import random

import torch


def rand_like(t):
    return torch.ones_like(t, dtype=torch.float) * random.random()
