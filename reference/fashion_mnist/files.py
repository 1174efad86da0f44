"""Fashion-MNIST's files on this machine: where they are found, and the checks they pass first.

The tutorial (1.4.1) downloads Fashion-MNIST with `datasets.FashionMNIST(root="data", download=True)`.
Here find_root looks for the same files on this machine, in this order:

    1. the `root` argument            a directory holding FashionMNIST/raw/ (as torchvision lays it out;
                                      .gz files found there are decompressed beside themselves)
    2. $FASHION_MNIST_ROOT            the same, from the environment; when it is set, it must hold the
                                      files: nothing further is tried (no silent switch to another copy)
    3. the Debian package             dataset-fashion-mnist: .gz files in /usr/share/datasets/fashion-mnist/
                                      ($FASHION_MNIST_DEBIAN_DIR looks elsewhere), decompressed once into
                                      the cache root ($FASHION_MNIST_CACHE, default ~/.cache/pytorch-basics-spec)
    4. torchvision's download         only when the caller passes download=True

Every file is checked (validate_idx) before torchvision reads it. The tutorial's own code is in
reference/data.py; the synthetic stand-in, written in the same IDX format, in reference/fashion_mnist/synthetic.py.
"""

from __future__ import annotations

import gzip
import os
import shutil
import struct
import tempfile
import zlib
from pathlib import Path

import numpy as np
import torch

# ---------------------------------------------------------------------------------------------
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
FIX = (
    f"install the Debian package (apt-get install {DEBIAN_PACKAGE}), or set FASHION_MNIST_ROOT to a directory "
    f"holding FashionMNIST/raw/ with the four uncompressed IDX files, or pass download=True where the internet "
    f"is reachable"
)


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
        raise ValueError(
            f"{labels_path}: {n_labels} labels, but {images_path} has {n_images} images "
            f"(each image needs exactly one label)"
        )
    labels = np.fromfile(labels_path, dtype=np.uint8, offset=8)
    if labels.size and labels.max() >= NUM_CLASSES:
        first = int(np.argmax(labels >= NUM_CLASSES))
        raise ValueError(
            f"{labels_path}: label {labels[first]} at index {first}, but labels must be in 0..{NUM_CLASSES - 1}"
        )
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
        raise ValueError(
            f"{path}: {what}: the header announces {n} {kind} ({expected} bytes in all), but the file has {size} bytes"
        )
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
        if where == "FASHION_MNIST_ROOT":  # set on purpose: another copy would be a silent substitute
            raise DataNotFoundError(
                "Fashion-MNIST not found. Tried, in order:\n"
                + "".join(f"  {i}. {line}\n" for i, line in enumerate(tried, start=1))
                + "Fix: point FASHION_MNIST_ROOT at a directory holding FashionMNIST/raw/ "
                "with the four IDX files, or unset it to look elsewhere."
            )
    found = _from_debian(tried)
    if found is not None:
        return found, f"decompressed from the Debian package {DEBIAN_PACKAGE} ({debian_dir()})"
    if not download:
        tried.append("torchvision download: not allowed (download=False)")
    else:
        target = Path(root) if root else cache_root()
        try:
            from torchvision import datasets  # here only: its import costs ~1.5 s (torch._dynamo), a download more

            datasets.FashionMNIST(target, train=True, download=True)  # fetches all four files
        except Exception as exc:  # no network, a mirror down: one error that lists everything
            tried.append(f"torchvision download into {target}: {type(exc).__name__}: {exc}")
        else:
            _validate_root(target)
            return target, "downloaded by torchvision"
    raise DataNotFoundError(
        "Fashion-MNIST not found. Tried, in order:\n"
        + "".join(f"  {i}. {line}\n" for i, line in enumerate(tried, start=1))
        + f"Fix: {FIX}."
    )


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
        return f"absent ({tried}): real-data tests skip, the quick tier uses synthetic Fashion-MNIST. Fix: {FIX}"
    except ValueError as exc:
        return f"DAMAGED: {exc}"
    kind = "SYNTHETIC Fashion-MNIST" if is_synthetic(root) else "Fashion-MNIST"
    return f"{kind} at {root} ({how})"


def load_tensors(train: bool, *, root: str | Path | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """A whole split in memory, from find_root(root): images uint8 (N, 28, 28), labels int64 (N,).

    `images.float().div(255).unsqueeze(1)` is exactly ToTensor() of every PIL image, batched.
    (reference.fashion_mnist.synthetic.load_tensors gives the synthetic stand-in's, in the same form.)
    """
    raw = raw_dir(find_root(root))
    images_file, labels_file = FILES[train]
    images = np.fromfile(raw / images_file, dtype=np.uint8, offset=16).reshape(-1, SIDE, SIDE)
    labels = np.fromfile(raw / labels_file, dtype=np.uint8, offset=8)
    return torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64))
