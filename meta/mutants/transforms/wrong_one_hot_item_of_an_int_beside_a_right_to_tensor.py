"""A right to_tensor beside a one_hot that calls .item() on its label, which FashionMNIST gives as an int: one_hot
raises AttributeError in every test, inside a hypothesis test too, and inside the test that uses both names.
Modelled on the real-code finding of issue 28 (a right to_tensor was marked failed when one_hot raised).

expect: fail test_one_hot_has_single_one_at_label
expect: fail test_one_hot_is_float32
expect: fail test_to_tensor_and_one_hot_prepare_fashion_mnist_for_training
"""

import numpy as np
import torch


def to_tensor(image):
    pixels = np.array(image, dtype=np.uint8)
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    return torch.from_numpy(pixels.copy()).permute(2, 0, 1).float() / 255


def one_hot(label, num_classes=10):
    index = label.item()
    return torch.zeros(num_classes).scatter_(0, torch.tensor(index), 1.0)
