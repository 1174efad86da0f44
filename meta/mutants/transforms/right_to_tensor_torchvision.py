"""to_tensor with torchvision's own ToTensor.

expect: pass
"""
from torchvision import transforms as T


def to_tensor(image):
    return T.ToTensor()(image)
