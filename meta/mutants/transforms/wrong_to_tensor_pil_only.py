"""to_tensor with PILToTensor: works for PIL images, fails on NumPy arrays.

expect: fail test_to_tensor_accepts_pil_images_and_uint8_arrays
"""
from torchvision import transforms as T


def to_tensor(image):
    return T.PILToTensor()(image).float() / 255
