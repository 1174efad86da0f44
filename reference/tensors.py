"""Tutorial 1.3 Tensors: creation, attributes, indexing, joining, arithmetic, the NumPy bridge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch


def from_data(data: Any) -> torch.Tensor:
    """Tensor from nested Python lists; dtype inferred (int -> int64, float -> float32, bool -> bool)."""
    return torch.tensor(data)


def from_numpy(array: np.ndarray) -> torch.Tensor:
    """Tensor sharing memory with a NumPy array (a write on either side shows on the other)."""
    return torch.from_numpy(array)


def to_numpy(tensor: torch.Tensor) -> np.ndarray:
    """NumPy view of a CPU tensor, sharing its memory."""
    return tensor.numpy()  # CPU only: a CUDA tensor needs .cpu() first, which is a copy


def ones_like(t: torch.Tensor) -> torch.Tensor:
    """Ones with t's shape, dtype and device."""
    return torch.ones_like(t)


def rand_like(t: torch.Tensor) -> torch.Tensor:
    """Uniform [0, 1) with t's shape and device; float32 unless t is already floating.

    A floating t may give its own dtype or float32 (the tutorial's dtype=torch.float): both are accepted.
    """
    # torch draws uniform numbers in floating dtypes only (the tutorial's rand_like(x_data, dtype=torch.float))
    return torch.rand_like(t, dtype=t.dtype if t.is_floating_point() else torch.float32)


def describe(t: torch.Tensor) -> tuple[torch.Size, torch.dtype, torch.device]:
    """The tutorial's three attributes: (shape, dtype, device)."""
    return t.shape, t.dtype, t.device


def to_device(t: torch.Tensor, device: str | torch.device) -> torch.Tensor:
    """t moved (copied) to `device`, values unchanged; t itself stays where it was (t itself is returned when it
    is already there, as t.to does)."""
    return t.to(device)


def first_row(t: torch.Tensor) -> torch.Tensor:
    """t[0]: a view of shape (n,) of an (m, n) tensor."""
    return t[0]


def first_column(t: torch.Tensor) -> torch.Tensor:
    """t[:, 0]: a view of shape (m,)."""
    return t[:, 0]


def last_column(t: torch.Tensor) -> torch.Tensor:
    """t[..., -1]: a view of shape (m,)."""
    return t[..., -1]


def zero_column(t: torch.Tensor, j: int) -> torch.Tensor:
    """Sets column j of t to 0 in place; returns t itself."""
    t[:, j] = 0
    return t


def concat(tensors: Sequence[torch.Tensor], dim: int = 1) -> torch.Tensor:
    """torch.cat along `dim`: three (4, 4) tensors on dim=1 give (4, 12)."""
    return torch.cat(tensors, dim=dim)


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Matrix product a @ b: (m, k) @ (k, n) -> (m, n)."""
    return a @ b


def mul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Element-wise product a * b."""
    return a * b


def to_python(t: torch.Tensor) -> int | float | bool:
    """The Python number of a one-element tensor; .item() raises for any other."""
    return t.item()


def add_inplace(t: torch.Tensor, value: Any) -> torch.Tensor:
    """t += value in place (the trailing underscore of add_); returns t itself."""
    return t.add_(value)
