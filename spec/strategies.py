"""Hypothesis strategies shared by the spec pages: small named functions with keyword-only bounds."""

from __future__ import annotations

from typing import Any

import torch
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


def shapes(*, min_dims: int = 1, max_dims: int = 3, min_side: int = 1, max_side: int = 7) -> st.SearchStrategy[tuple[int, ...]]:
    """Tensor shapes: small sides, so a property test covers many shapes quickly."""
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def labels(*, max_classes: int = 50) -> st.SearchStrategy[tuple[int, int]]:
    """(label, num_classes) with 0 <= label < num_classes."""
    return st.integers(1, max_classes).flatmap(lambda n: st.tuples(st.integers(0, n - 1), st.just(n)))


@st.composite
def float_tensors(
    draw: Any,
    *,
    shape: tuple[int, ...] | None = None,
    dtype: torch.dtype = torch.float32,
    low: float = -10.0,
    high: float = 10.0,
) -> torch.Tensor:
    """A finite float tensor; values drawn by hypothesis (so shrinking works), shape random unless given."""
    shape = shape if shape is not None else draw(shapes())
    np_dtype = {torch.float32: "float32", torch.float64: "float64"}[dtype]
    width = 32 if dtype == torch.float32 else 64
    array = draw(hnp.arrays(np_dtype, shape, elements=st.floats(low, high, width=width, allow_nan=False)))
    return torch.from_numpy(array.copy())
