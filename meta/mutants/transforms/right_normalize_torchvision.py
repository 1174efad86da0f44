"""normalize with torchvision's Normalize.

expect: pass
"""
from torchvision import transforms as T


def normalize(t, mean, std):
    return T.Normalize(mean, std)(t)
