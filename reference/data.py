"""Tutorial 1.4 Datasets & DataLoaders: Fashion-MNIST found offline, a synthetic stand-in, a dataset read from files.

The tutorial downloads Fashion-MNIST with `datasets.FashionMNIST(root="data", download=True)`. Here the
same torchvision dataset is built from files found on this machine, in this order:

    1. the `root` argument            a directory holding FashionMNIST/raw/ (as torchvision lays it out;
                                      .gz files found there are decompressed beside themselves)
    2. $FASHION_MNIST_ROOT            the same, from the environment
    3. the Debian package             dataset-fashion-mnist: .gz files in /usr/share/datasets/fashion-mnist/
                                      ($FASHION_MNIST_DEBIAN_DIR looks elsewhere), decompressed once into
                                      the cache root ($FASHION_MNIST_CACHE, default ~/.cache/pytorch-basics-spec)
    4. torchvision's download         only when the caller passes download=True

Every file is checked (validate_idx) before torchvision reads it. Where no real data is at hand,
write_synthetic makes a deterministic synthetic Fashion-MNIST in the same IDX format.
"""

from __future__ import annotations

import atexit
import csv
import functools
import gzip
import os
import shutil
import struct
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.utils.data import Dataset
from torchvision import datasets
from torchvision.io import ImageReadMode, decode_image

labels_map: dict[int, str] = {
    0: "T-Shirt", 1: "Trouser", 2: "Pullover", 3: "Dress", 4: "Coat",
    5: "Sandal", 6: "Shirt", 7: "Sneaker", 8: "Bag", 9: "Ankle Boot",
}


class CustomImageDataset(Dataset):
    """Images in img_dir, labels in a header-less CSV of `file_name,label` lines (tutorial 1.4.3)."""

    def __init__(
        self,
        annotations_file: str | Path,
        img_dir: str | Path,
        transform: Callable[[torch.Tensor], Any] | None = None,
        target_transform: Callable[[int], Any] | None = None,
    ) -> None:
        self.img_dir = Path(img_dir)
        self.transform = transform
        self.target_transform = target_transform
        self.img_labels: list[tuple[str, int]] = []  # (file name, label), one per CSV line, in file order
        # Every line is data: the tutorial's CSV has no header row. Problems are reported here, with
        # the line, rather than as a bare error at some later __getitem__.
        with open(annotations_file, newline="") as f:
            for lineno, row in enumerate(csv.reader(f), start=1):
                if not row:
                    continue  # a blank line, e.g. a second newline at the end of the file
                if len(row) != 2:
                    raise ValueError(f"{annotations_file}, line {lineno}: expected `file_name,label`, got {row!r}")
                name, label = row[0].strip(), row[1].strip()
                try:
                    value = int(label)
                except ValueError:
                    raise ValueError(f"{annotations_file}, line {lineno}: label {label!r} is not an integer") from None
                if not (self.img_dir / name).is_file():
                    raise FileNotFoundError(f"{annotations_file}, line {lineno}: no image {self.img_dir / name}")
                self.img_labels.append((name, value))

    def __len__(self) -> int:
        return len(self.img_labels)

    def __getitem__(self, idx: int) -> tuple[Any, Any]:
        name, label = self.img_labels[idx]
        # The file's bytes, decoded as they are: uint8 (C, H, W), C = 1 for grayscale, 3 for RGB.
        # (The tutorial's read_image(path) does the same; torchvision 0.29 deprecates it.)
        data = torch.frombuffer(bytearray((self.img_dir / name).read_bytes()), dtype=torch.uint8)
        image = decode_image(data, mode=ImageReadMode.UNCHANGED)
        if self.transform is not None:
            image = self.transform(image)  # on every access: a random transform draws anew each time
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label


# ---------------------------------------------------------------------------------------------
# The Fashion-MNIST files: four IDX files per root, in root/FashionMNIST/raw/ as torchvision expects.

SIDE = 28  # images are 28x28 grayscale
NUM_CLASSES = 10
IMAGE_MAGIC = 0x0803  # IDX header: unsigned bytes, 3 dimensions (N, 28, 28)
LABEL_MAGIC = 0x0801  # IDX header: unsigned bytes, 1 dimension (N,)
FILES = {  # train -> (images, labels), the names torchvision's FashionMNIST reads
    True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
DEBIAN_PACKAGE = "dataset-fashion-mnist"
DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"
SYNTHETIC_MARKER = "SYNTHETIC"  # a file in root/FashionMNIST/ that says the data is synthetic
FIX = (f"install the Debian package (apt-get install {DEBIAN_PACKAGE}), or set FASHION_MNIST_ROOT to a directory "
       f"holding FashionMNIST/raw/ with the four uncompressed IDX files, or pass download=True where the internet "
       f"is reachable")


class DataNotFoundError(FileNotFoundError):
    """No Fashion-MNIST anywhere this module looks; the message lists what was tried and the fix."""


def raw_dir(root: str | Path) -> Path:
    """root/FashionMNIST/raw: where torchvision's FashionMNIST reads its files."""
    return Path(root) / "FashionMNIST" / "raw"


def validate_idx(images_path: str | Path, labels_path: str | Path) -> int:
    """Check a pair of IDX files (magic, sizes, labels 0..9, equal counts); return N or raise ValueError."""
    images_path, labels_path = Path(images_path), Path(labels_path)
    n_images = _check_header(images_path, IMAGE_MAGIC, "images")
    n_labels = _check_header(labels_path, LABEL_MAGIC, "labels")
    if n_images != n_labels:
        raise ValueError(f"{labels_path}: {n_labels} labels, but {images_path} has {n_images} images "
                         f"(each image needs exactly one label)")
    labels = np.fromfile(labels_path, dtype=np.uint8, offset=8)
    if labels.size and labels.max() >= NUM_CLASSES:
        first = int(np.argmax(labels >= NUM_CLASSES))
        raise ValueError(f"{labels_path}: label {labels[first]} at index {first}, but labels must be in "
                         f"0..{NUM_CLASSES - 1}")
    return n_images


def _check_header(path: Path, magic: int, kind: str) -> int:
    """The N of an IDX file's header, after checking its magic, dimensions and exact size."""
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    size = path.stat().st_size
    header_len = 16 if kind == "images" else 8
    with open(path, "rb") as f:
        header = f.read(header_len)
    if len(header) < header_len:
        raise ValueError(f"{path}: {size} bytes, too short for the {header_len}-byte IDX header of {kind}")
    found = struct.unpack(">I", header[:4])[0]
    if found != magic:
        hint = " (gzip-compressed? decompress it first)" if header[:2] == b"\x1f\x8b" else ""
        raise ValueError(f"{path}: magic number {found:#010x}, but IDX {kind} start with {magic:#010x}{hint}")
    n = struct.unpack(">I", header[4:8])[0]
    item = 1
    if kind == "images":
        rows, cols = struct.unpack(">II", header[8:16])
        if (rows, cols) != (SIDE, SIDE):
            raise ValueError(f"{path}: images of {rows}x{cols} pixels, but Fashion-MNIST images are {SIDE}x{SIDE}")
        item = SIDE * SIDE
    expected = header_len + n * item
    if size != expected:
        what = "truncated" if size < expected else "longer than its header says"
        raise ValueError(f"{path}: {what}: the header announces {n} {kind} ({expected} bytes in all), "
                         f"but the file has {size} bytes")
    return n


def _validate_root(root: Path) -> None:
    """validate_idx for both splits of a root."""
    for images, labels in FILES.values():
        validate_idx(raw_dir(root) / images, raw_dir(root) / labels)


def _missing(root: Path) -> list[str]:
    """The four file names that root/FashionMNIST/raw/ lacks (a .gz beside it counts: it is decompressed)."""
    raw = raw_dir(root)
    names = [name for pair in FILES.values() for name in pair]
    for name in names:
        if not (raw / name).is_file() and (raw / f"{name}.gz").is_file():
            _decompress(raw / f"{name}.gz", raw / name)
    return [name for name in names if not (raw / name).is_file()]


def _decompress(source: Path, target: Path) -> None:
    """gunzip source into target atomically: other processes see no file or the whole file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with gzip.open(source, "rb") as src, os.fdopen(fd, "wb") as dst:
            shutil.copyfileobj(src, dst, length=1 << 22)
        os.replace(tmp, target)
    except (OSError, EOFError, zlib.error) as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ValueError(f"{source}: cannot be decompressed ({exc})") from exc


def cache_root() -> Path:
    """Where the Debian package's files are decompressed (and downloads go): $FASHION_MNIST_CACHE."""
    return Path(os.environ.get("FASHION_MNIST_CACHE") or Path.home() / ".cache" / "pytorch-basics-spec")


def debian_dir() -> Path:
    """Where the Debian package keeps its .gz files: $FASHION_MNIST_DEBIAN_DIR, default /usr/share/..."""
    return Path(os.environ.get("FASHION_MNIST_DEBIAN_DIR") or DEBIAN_DIR)


def _from_debian(tried: list[str]) -> Path | None:
    """The cache root, with the Debian package's files decompressed into it (once, or when they change)."""
    source = debian_dir()
    names = [name for pair in FILES.values() for name in pair]
    absent = [f"{name}.gz" for name in names if not (source / f"{name}.gz").is_file()]
    if absent:
        lacks = "does not exist" if not source.is_dir() else f"lacks {', '.join(absent)}"
        tried.append(f"Debian package {DEBIAN_PACKAGE}: {source} {lacks}")
        return None
    root = cache_root()
    for name in names:
        gz, target = source / f"{name}.gz", raw_dir(root) / name
        if not target.is_file() or target.stat().st_mtime < gz.stat().st_mtime:
            _decompress(gz, target)
    try:
        _validate_root(root)
    except ValueError:  # a cache damaged since: decompress again, and let a second failure through
        for name in names:
            _decompress(source / f"{name}.gz", raw_dir(root) / name)
        _validate_root(root)
    return root


def _locate(root: str | Path | None, download: bool) -> tuple[Path, str]:
    """(root, how it was found), trying the sources in the module docstring's order."""
    tried: list[str] = []
    for where, candidate in (("root argument", root), ("FASHION_MNIST_ROOT", os.environ.get("FASHION_MNIST_ROOT"))):
        if not candidate:
            tried.append(f"{where}: not given" if where == "root argument" else f"{where}: not set")
            continue
        missing = _missing(Path(candidate))
        if not missing:
            _validate_root(Path(candidate))  # files present but damaged: an error, not "not found"
            return Path(candidate), where
        tried.append(f"{where} {candidate}: {raw_dir(candidate)} lacks {', '.join(missing)}")
    found = _from_debian(tried)
    if found is not None:
        return found, f"decompressed from the Debian package {DEBIAN_PACKAGE} ({debian_dir()})"
    if not download:
        tried.append("torchvision download: not allowed (download=False)")
    else:
        target = Path(root) if root else cache_root()
        try:
            datasets.FashionMNIST(target, train=True, download=True)  # fetches all four files
        except Exception as exc:  # no network, a mirror down: one error that lists everything
            tried.append(f"torchvision download into {target}: {type(exc).__name__}: {exc}")
        else:
            _validate_root(target)
            return target, "downloaded by torchvision"
    raise DataNotFoundError("Fashion-MNIST not found. Tried, in order:\n"
                            + "".join(f"  {i}. {line}\n" for i, line in enumerate(tried, start=1))
                            + f"Fix: {FIX}.")


def find_root(root: str | Path | None = None, *, download: bool = False) -> Path:
    """The root holding FashionMNIST/raw/ with the four validated files; raises DataNotFoundError."""
    return _locate(root, download)[0]


def is_synthetic(root: str | Path) -> bool:
    """Whether a root holds write_synthetic's data rather than the real Fashion-MNIST."""
    return (Path(root) / "FashionMNIST" / SYNTHETIC_MARKER).is_file()


def describe_data_root() -> str:
    """Where Fashion-MNIST was found (and whether it is synthetic), or that it is absent: for reports."""
    try:
        root, how = _locate(None, download=False)
    except DataNotFoundError as exc:
        tried = "; ".join(line.strip() for line in str(exc).splitlines()[1:-1])
        return (f"absent ({tried}): real-data tests skip, the quick tier uses synthetic Fashion-MNIST. "
                f"Fix: {FIX}")
    except ValueError as exc:
        return f"DAMAGED: {exc}"
    kind = "SYNTHETIC Fashion-MNIST" if is_synthetic(root) else "Fashion-MNIST"
    return f"{kind} at {root} ({how})"


def fashion_mnist(
    train: bool,
    *,
    root: str | Path | None = None,
    download: bool = False,
    transform: Callable[..., Any] | None = None,
    target_transform: Callable[..., Any] | None = None,
) -> datasets.FashionMNIST:
    """The tutorial's `datasets.FashionMNIST(root, train, transform=...)`, from wherever find_root finds it."""
    found = find_root(root, download=download)
    return datasets.FashionMNIST(found, train=train, transform=transform, target_transform=target_transform)


def load_tensors(
    train: bool, *, root: str | Path | None = None, synthetic: bool = False, seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """A whole split in memory: images uint8 (N, 28, 28), labels int64 (N,); fresh tensors each call.

    `images.float().div(255).unsqueeze(1)` is exactly ToTensor() of every PIL image, batched.
    """
    if synthetic:
        images, labels = _synthetic_split(train, seed)
        return torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64))
    raw = raw_dir(find_root(root))
    images_file, labels_file = FILES[train]
    images = np.fromfile(raw / images_file, dtype=np.uint8, offset=16).reshape(-1, SIDE, SIDE)
    labels = np.fromfile(raw / labels_file, dtype=np.uint8, offset=8)
    return torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64))


# ---------------------------------------------------------------------------------------------
# Synthetic Fashion-MNIST: ten garment silhouettes, drawn procedurally with jitter and noise.
#
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


# In labels_map order: GARMENTS[label] draws that class.
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
        images, labels = _synthetic_split(train, seed) if n == (N_TRAIN if train else N_TEST) \
            else synthetic_split(train, n=n, seed=seed)
        images_file, labels_file = FILES[train]
        (raw_dir(root) / images_file).write_bytes(struct.pack(">IIII", IMAGE_MAGIC, n, SIDE, SIDE) + images.tobytes())
        (raw_dir(root) / labels_file).write_bytes(struct.pack(">II", LABEL_MAGIC, n) + labels.tobytes())
    (root / "FashionMNIST" / SYNTHETIC_MARKER).write_text(
        f"synthetic Fashion-MNIST written by reference.data.write_synthetic: seed={seed}, "
        f"n_train={n_train}, n_test={n_test}; not the real data set\n")
    return root


@functools.lru_cache(maxsize=4)
def synthetic_root(seed: int = 0) -> Path:
    """A temporary root holding write_synthetic's default split (one per process, removed at exit)."""
    root = Path(tempfile.mkdtemp(prefix=f"synthetic-fashion-mnist-seed{seed}-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return write_synthetic(root, seed=seed)
