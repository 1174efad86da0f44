"""to_tensor with torchvision.transforms.functional.to_tensor.

expect: pass
"""
from torchvision.transforms import functional as F


def to_tensor(image):
    return F.to_tensor(image)
