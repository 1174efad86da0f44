"""to_tensor as torchvision 0.29 advises instead of the deprecated ToTensor: v2.ToImage, then
v2.ToDtype(float32, scale=True); a tv_tensors.Image within one float32 step of ToTensor's values.

expect: pass
"""
import torch
from torchvision.transforms import v2

_to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])


def to_tensor(image):
    return _to_tensor(image)
