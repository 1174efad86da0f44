"""A synthetic stand-in for Fashion-MNIST: ten garment silhouettes, drawn procedurally with jitter and noise.

Written in the real files' IDX format (reference.fashion_mnist.files), so that every test and the quickstart
can run where the real data set is absent; a SYNTHETIC marker file says what it is.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import struct
import tempfile
from pathlib import Path

import numpy as np
import torch

from reference.fashion_mnist.files import (
    FILES,
    IMAGE_MAGIC,
    LABEL_MAGIC,
    NUM_CLASSES,
    SIDE,
    SYNTHETIC_MARKER,
    raw_dir,
)

# Each class is a silhouette (a boolean mask over garment coordinates u, v: pixels right of and
# below the image centre) times a texture (fixed to the pixel grid, so a 1-pixel jitter keeps it).
# Every image is then scaled to the same L2 norm: an untrained MLP's logits grow with the input's
# norm, so a class drawn brighter or larger than the others would win every early prediction.

N_TRAIN, N_TEST = 6000, 1000  # default sizes: a tenth of the real splits, 600 / 100 per class
NORM2 = 150.0  # every image's squared L2 norm in ToTensor units, before noise (real images: ~160 on average)
NOISE = 20  # uniform pixel noise in -NOISE..NOISE grey levels
_Y, _X = np.mgrid[0:SIDE, 0:SIDE].astype(np.float32)  # pixel row and column, (28, 28)
_ROWS = np.floor(_Y) % 4 < 2  # horizontal stripes, 2 pixels on, 2 off: ribbed knit
_COLS = np.floor(_X) % 4 < 2  # vertical stripes
_DIAG = np.floor(_X + _Y) % 4 < 2  # diagonal stripes
_ANTI = np.floor(_X - _Y) % 4 < 2  # the other diagonal
_CHECKS = _ROWS ^ _COLS  # plaid


def _t_shirt(u, v):
    a = np.abs(u)
    body = (a <= 7) & (v >= -11) & (v <= 12)
    sleeves = (a <= 13) & (v <= -4) & (v >= -11 + (a - 7) * 0.3)
    neck = u * u + (v + 12) ** 2 < 12
    return ((body | sleeves) & ~neck) * _DIAG


def _trouser(u, v):
    a = np.abs(u)
    waist = (a <= 7) & (v >= -13) & (v <= -9)
    legs = (a >= 1) & (a <= 7 + (v + 13) * 0.05) & (v >= -13) & (v <= 13.5)  # a gap between the legs
    return (waist | legs) * 1.0


def _pullover(u, v):
    a = np.abs(u)
    body = (a <= 7.5) & (v >= -11) & (v <= 11)
    sleeves = (a >= 6 + (v + 11) * 0.25) & (a <= 9 + (v + 11) * 0.2) & (v >= -11) & (v <= 11)  # long, flaring
    return (body | sleeves) * _ROWS


def _dress(u, v):
    a = np.abs(u)
    skirt = (a <= 3.5 + (v + 13) * 0.33) & (v >= -13) & (v <= 13)  # narrow top, wide hem
    neck = (a <= 1.5) & (v <= -10)
    return (skirt & ~neck) * _ANTI


def _coat(u, v):
    a = np.abs(u)
    body = (a <= 7.5) & (v >= -13) & (v <= 13.5)
    sleeves = (a >= 8.5) & (a <= 12.5) & (v >= -12) & (v <= 11)
    shoulders = (a <= 12.5) & (v >= -13) & (v <= -9)
    return (body | sleeves | shoulders) * np.where(a <= 0.75, 0.1, _COLS)  # a dark zip down the middle


def _sandal(u, v):
    a = np.abs(u)
    sole = (v >= 5) & (v <= 8) & (a <= 13)
    straps = ((np.abs(v - 0.45 * u) <= 1.2) | (np.abs(v + 0.45 * u) <= 1.2)) & (v >= -5) & (v <= 5)
    top = (np.abs(v + 5) <= 1) & (a <= 10)
    return (sole | straps | top) * 1.0


def _shirt(u, v):
    a = np.abs(u)
    body = (a <= 7) & (v >= -11) & (v <= 12)
    sleeves = (a >= 7) & (a <= 12) & (v >= -11 + (a - 7) * 0.4) & (v <= 2)  # to the elbow
    collar = (a <= 2.5 - (v + 12) * 0.3) & (v <= -4)  # V neck
    return ((body | sleeves) & ~collar) * _CHECKS


def _sneaker(u, v):
    shoe = (np.abs(u) <= 13) & (v >= 2 - (u + 13) * 0.3) & (v <= 9)  # toe left and low, heel right
    return shoe * np.where(v >= 7, 0.3, 1.0)  # a darker sole


def _bag(u, v):
    r2 = u * u + (v + 3) ** 2
    box = (np.abs(u) <= 12) & (v >= -3) & (v <= 12)
    handle = (r2 >= 30) & (r2 <= 64) & (v < -3)
    return (box | handle) * _COLS


def _ankle_boot(u, v):
    shaft = (u >= 0) & (u <= 10) & (v >= -13) & (v <= 8)
    foot = (u >= -12) & (u <= 10) & (v <= 11) & (v >= 3 - (u + 12) * 0.2)
    return (shaft | foot) * np.where(v >= 9.5, 0.35, 0.95)  # a darker sole


# In labels_map order (reference/data.py): GARMENTS[label] draws that class.
GARMENTS = (_t_shirt, _trouser, _pullover, _dress, _coat, _sandal, _shirt, _sneaker, _bag, _ankle_boot)


def synthetic_images(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """uint8 (N, 28, 28): one garment of class labels[i] per image, jittered, norm-equalised, noisy."""
    n = len(labels)
    shift = rng.integers(-1, 2, size=(n, 2, 1, 1)).astype(np.float32)  # (dx, dy): up to one pixel
    scale = rng.integers(92, 109, size=(n, 1, 1)).astype(np.float32) / 100  # 92 % .. 108 % size
    shapes = np.empty((n, SIDE, SIDE), dtype=np.float32)  # intensity in [0, 1]
    for label, draw in enumerate(GARMENTS):
        i = np.flatnonzero(labels == label)
        u = (_X - (SIDE - 1) / 2 - shift[i, 0]) / scale[i]  # garment coordinates, (len(i), 28, 28)
        v = (_Y - (SIDE - 1) / 2 - shift[i, 1]) / scale[i]
        shapes[i] = draw(u, v)
    norm2 = np.einsum("nij,nij->n", shapes, shapes)[:, None, None]  # (N, 1, 1)
    brightness = 255 * np.sqrt(NORM2 / norm2) * rng.integers(95, 106, size=(n, 1, 1)).astype(np.float32) / 100
    shapes *= brightness
    shapes += rng.integers(-NOISE, NOISE + 1, size=(n, SIDE, SIDE), dtype=np.int16)
    return np.clip(np.rint(shapes, out=shapes), 0, 255, out=shapes).astype(np.uint8)


def synthetic_split(train: bool, *, n: int | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(images uint8 (n, 28, 28), labels uint8 (n,)): balanced classes in random order, first an ankle boot."""
    n = (N_TRAIN if train else N_TEST) if n is None else n
    rng = np.random.default_rng([seed, 0 if train else 1])  # independent streams for the two splits
    labels = rng.permutation(np.arange(n) % NUM_CLASSES).astype(np.uint8)
    boots = np.flatnonzero(labels == 9)
    if boots.size:  # like the real files, both splits begin with an ankle boot
        labels[[0, boots[0]]] = labels[[boots[0], 0]]
    return synthetic_images(labels, rng), labels


@functools.lru_cache(maxsize=8)
def _synthetic_split(train: bool, seed: int) -> tuple[np.ndarray, np.ndarray]:
    images, labels = synthetic_split(train, seed=seed)
    images.flags.writeable = labels.flags.writeable = False  # shared by every caller: copied on the way out
    return images, labels


def write_synthetic(root: str | Path, *, n_train: int = N_TRAIN, n_test: int = N_TEST, seed: int = 0) -> Path:
    """Write synthetic Fashion-MNIST as the four IDX files under root/FashionMNIST/raw; return root."""
    root = Path(root)
    raw_dir(root).mkdir(parents=True, exist_ok=True)
    for train, n in ((True, n_train), (False, n_test)):
        images, labels = (
            _synthetic_split(train, seed)
            if n == (N_TRAIN if train else N_TEST)
            else synthetic_split(train, n=n, seed=seed)
        )
        images_file, labels_file = FILES[train]
        (raw_dir(root) / images_file).write_bytes(struct.pack(">IIII", IMAGE_MAGIC, n, SIDE, SIDE) + images.tobytes())
        (raw_dir(root) / labels_file).write_bytes(struct.pack(">II", LABEL_MAGIC, n) + labels.tobytes())
    (root / "FashionMNIST" / SYNTHETIC_MARKER).write_text(
        f"synthetic Fashion-MNIST written by reference.fashion_mnist.synthetic.write_synthetic: seed={seed}, "
        f"n_train={n_train}, n_test={n_test}; not the real data set\n"
    )
    return root


@functools.lru_cache(maxsize=4)
def synthetic_root(seed: int = 0) -> Path:
    """A temporary root holding write_synthetic's default split (one per process, removed at exit)."""
    root = Path(tempfile.mkdtemp(prefix=f"synthetic-fashion-mnist-seed{seed}-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return write_synthetic(root, seed=seed)


def load_tensors(train: bool, *, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """The default synthetic split in memory, as data_files.load_tensors gives the real one; fresh tensors each call."""
    images, labels = _synthetic_split(train, seed)
    return torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64))
