"""Tutorial 1.5 Transforms: ToTensor, Normalize and the one-hot Lambda, written out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from PIL import Image


def to_tensor(image: Image.Image | np.ndarray) -> torch.Tensor:
    """PIL image or uint8 array (H, W) / (H, W, C) -> float32 (C, H, W) in [0, 1], like ToTensor."""
    array = np.array(image, dtype=np.uint8, copy=True)  # PIL "L" -> (H, W), "RGB" -> (H, W, 3)
    if array.ndim == 2:
        array = array[:, :, None]  # (H, W) -> (H, W, 1)
    chw = torch.from_numpy(array).permute(2, 0, 1).contiguous()  # (H, W, C) -> (C, H, W), laid out as such
    return chw.float() / 255  # division, not * (1 / 255): value k becomes exactly float32(k / 255)


def normalize(t: torch.Tensor, mean: Sequence[float], std: Sequence[float]) -> torch.Tensor:
    """(t - mean[c]) / std[c] per channel c of a (..., C, H, W) tensor; t is not modified."""
    mean_t = torch.as_tensor(mean, dtype=t.dtype, device=t.device).view(-1, 1, 1)  # (C,) -> (C, 1, 1)
    std_t = torch.as_tensor(std, dtype=t.dtype, device=t.device).view(-1, 1, 1)
    return (t - mean_t) / std_t


def one_hot(label: int, num_classes: int = 10) -> torch.Tensor:
    """float32 (num_classes,) with a single 1 at `label`: the tutorial's scatter_ Lambda.

    A label past the last class raises. A negative label is left open: raising (scatter_) or counting from the
    end (torch.eye(n)[label]) are both accepted.
    """
    if not 0 <= int(label) < num_classes:
        raise ValueError(f"label {label} is outside 0..{num_classes - 1}")
    return torch.zeros(num_classes, dtype=torch.float).scatter_(0, torch.tensor(int(label)), value=1)
