"""Hypothesis strategies shared by the spec pages: small named functions with keyword-only bounds."""

from __future__ import annotations

from typing import Any

import torch
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


def shapes(
    *, min_dims: int = 1, max_dims: int = 3, min_side: int = 1, max_side: int = 7
) -> st.SearchStrategy[tuple[int, ...]]:
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


def seeds() -> st.SearchStrategy[int]:
    """A seed for a torch.Generator: hypothesis picks (and shrinks) it, torch fills large tensors fast."""
    return st.integers(0, 2**32 - 1)


@st.composite
def images(draw: Any, *, max_batch: int = 9) -> torch.Tensor:
    """A batch of 28x28 images, (N, 1, 28, 28) or (N, 28, 28): ToTensor-like pixels in [0, 1), or
    normal values over several scales. N, layout, kind and seed are drawn; the 784 * N values come from torch."""
    n = draw(st.integers(1, max_batch))
    shape = draw(st.sampled_from([(n, 1, 28, 28), (n, 28, 28)]))
    generator = torch.Generator().manual_seed(draw(seeds()))
    if draw(st.sampled_from(["pixels", "normal"])) == "pixels":
        return torch.rand(shape, generator=generator)
    return torch.randn(shape, generator=generator) * 10.0 ** draw(st.integers(-2, 2))


def grad_inputs(
    *, min_dims: int = 1, max_side: int = 7, low: float = -10.0, high: float = 10.0
) -> st.SearchStrategy[torch.Tensor]:
    """Float32 tensors of 1 or 2 dims (what Tensor.t() accepts), square or not; min_dims=2: matrices only."""
    return shapes(min_dims=min_dims, max_dims=2, max_side=max_side).flatmap(
        lambda shape: float_tensors(shape=shape, low=low, high=high)
    )


@st.composite
def single_layers(
    draw: Any, *, max_in: int = 6, max_out: int = 5, dtype: torch.dtype = torch.float64
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """(x (n_in,), y (n_out,), w (n_in, n_out), b (n_out,)) of the tutorial's one-layer network.

    x, w, b in [-1, 1] keep |z| = |x @ w + b| <= max_in + 1, where sigmoid followed by BCELoss still
    agrees with BCE-with-logits; targets y are probabilities in [0, 1]. w and b do not require grad yet.
    """
    n_in, n_out = draw(st.integers(1, max_in)), draw(st.integers(1, max_out))
    x = draw(float_tensors(shape=(n_in,), dtype=dtype, low=-1.0, high=1.0))
    y = draw(float_tensors(shape=(n_out,), dtype=dtype, low=0.0, high=1.0))
    w = draw(float_tensors(shape=(n_in, n_out), dtype=dtype, low=-1.0, high=1.0))
    b = draw(float_tensors(shape=(n_out,), dtype=dtype, low=-1.0, high=1.0))
    return x, y, w, b


@st.composite
def classification_batches(
    draw: Any, *, max_batch: int = 9, max_classes: int = 12, low: float = -30.0, high: float = 30.0
) -> tuple[torch.Tensor, torch.Tensor]:
    """(logits (N, C) float32, targets (N,) int64 in [0, C)): what CrossEntropyLoss and NLLLoss take."""
    n, c = draw(st.integers(1, max_batch)), draw(st.integers(1, max_classes))
    logits = draw(float_tensors(shape=(n, c), low=low, high=high))
    targets = torch.tensor(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), dtype=torch.int64)
    return logits, targets


# 1.3 Tensors and 1.5 Transforms ------------------------------------------------------------------

_SCALARS = {
    "int": st.integers(-(2**31), 2**31 - 1),
    "float": st.floats(-1e6, 1e6, allow_nan=False),
    "bool": st.booleans(),
}


@st.composite
def nested_lists(draw: Any, *, kind: str, max_dims: int = 3, max_side: int = 4) -> list[Any]:
    """Rectangular nested Python lists of one kind of scalar ("int", "float" or "bool"), as torch.tensor takes."""
    shape = draw(shapes(min_dims=1, max_dims=max_dims, max_side=max_side))
    flat = iter(draw(st.lists(_SCALARS[kind], min_size=_numel(shape), max_size=_numel(shape))))

    def build(dims: tuple[int, ...]) -> list[Any]:
        return [next(flat) for _ in range(dims[0])] if len(dims) == 1 else [build(dims[1:]) for _ in range(dims[0])]

    return build(shape)


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for side in shape:
        n *= side
    return n


@st.composite
def concat_cases(
    draw: Any, *, max_tensors: int = 4, max_dims: int = 3, max_side: int = 5
) -> tuple[list[tuple[int, ...]], int]:
    """(shapes, dim): 1..max_tensors shapes that agree except along dim (drawn in -ndim..ndim-1), as torch.cat takes."""
    base = list(draw(shapes(min_dims=1, max_dims=max_dims, max_side=max_side)))
    dim = draw(st.integers(-len(base), len(base) - 1))
    sizes = draw(st.lists(st.integers(1, max_side), min_size=1, max_size=max_tensors))
    d = dim % len(base)
    return [tuple(base[:d] + [size] + base[d + 1 :]) for size in sizes], dim


@st.composite
def uint8_images(draw: Any, *, max_side: int = 9, channels: tuple[int | None, ...] = (None, 1, 3, 4)) -> Any:
    """uint8 arrays (H, W) (channels None) or (H, W, C): what ToTensor takes besides PIL images."""
    height, width = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    c = draw(st.sampled_from(channels))
    return draw(hnp.arrays("uint8", (height, width) if c is None else (height, width, c)))


@st.composite
def normalize_cases(draw: Any, *, max_channels: int = 4, max_side: int = 7) -> tuple[torch.Tensor, Any, Any]:
    """(t (C, H, W) float32 in [0, 1], mean, std): per-channel statistics as a list or a tuple, std >= 1/8."""
    c = draw(st.integers(1, max_channels))
    shape = (c, draw(st.integers(1, max_side)), draw(st.integers(1, max_side)))
    t = draw(float_tensors(shape=shape, low=0.0, high=1.0))
    container = draw(st.sampled_from([list, tuple]))
    mean = container(draw(st.lists(st.floats(-1.0, 1.0, width=32), min_size=c, max_size=c)))
    std = container(draw(st.lists(st.floats(0.125, 2.0, width=32), min_size=c, max_size=c)))
    return t, mean, std


def dataset_and_batch_sizes(*, max_n: int = 300, max_batch: int = 80) -> st.SearchStrategy[tuple[int, int]]:
    """(n, batch_size): a dataset of 1..max_n samples cut into batches of 1..max_batch (DataLoader lengths)."""
    return st.tuples(st.integers(1, max_n), st.integers(1, max_batch))


@st.composite
def batched_normalize_cases(
    draw: Any, *, max_batch_dims: int = 2, max_batch: int = 3, max_channels: int = 3, max_side: int = 5
) -> tuple[torch.Tensor, list[float], list[float]]:
    """(t (*B, C, H, W) float32 in [0, 1), mean, std): 0..max_batch_dims batch dimensions, sizes often equal to C.

    Batch sizes and C come from the same small range, so a batch as long as the number of channels (3 RGB images)
    is drawn often; the values come from a torch.Generator seeded by hypothesis.
    """
    c = draw(st.integers(1, max_channels))
    batch = draw(st.lists(st.integers(1, max_batch), max_size=max_batch_dims))
    shape = (*batch, c, draw(st.integers(1, max_side)), draw(st.integers(1, max_side)))
    t = torch.rand(shape, generator=torch.Generator().manual_seed(draw(seeds())))
    mean = draw(st.lists(st.floats(-1.0, 1.0, width=32), min_size=c, max_size=c))
    std = draw(st.lists(st.floats(0.125, 2.0, width=32), min_size=c, max_size=c))
    return t, mean, std


@st.composite
def batched_single_layers(
    draw: Any, *, max_batch: int = 5, max_in: int = 6, max_out: int = 5, dtype: torch.dtype = torch.float64
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """(x (N, n_in), y (N, n_out), w (n_in, n_out), b (n_out,)): single_layers' network on a batch of N samples.

    z = x @ w + b is (N, n_out); N = 1 is a batch too, (1, n_in), not the tutorial's one sample (n_in,).
    """
    n, n_in, n_out = draw(st.integers(1, max_batch)), draw(st.integers(1, max_in)), draw(st.integers(1, max_out))
    x = draw(float_tensors(shape=(n, n_in), dtype=dtype, low=-1.0, high=1.0))
    y = draw(float_tensors(shape=(n, n_out), dtype=dtype, low=0.0, high=1.0))
    w = draw(float_tensors(shape=(n_in, n_out), dtype=dtype, low=-1.0, high=1.0))
    b = draw(float_tensors(shape=(n_out,), dtype=dtype, low=-1.0, high=1.0))
    return x, y, w, b
