"""Tutorial 1.4 Datasets & DataLoaders: the page's own code (labels_map, a dataset read from files, Fashion-MNIST).

The tutorial downloads Fashion-MNIST with `datasets.FashionMNIST(root="data", download=True)`;
fashion_mnist builds the same torchvision dataset from the files reference/fashion_mnist/files.py finds on
this machine (and checks). The synthetic stand-in for machines without them: reference/fashion_mnist/synthetic.py.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch.utils.data import Dataset
from torchvision import datasets
from torchvision.io import ImageReadMode, decode_image

from reference.fashion_mnist.files import find_root

# The class names by label (1.4.2). The quickstart (1.2.5) spells two of them differently
# ("T-shirt/top", "Ankle boot") and misspells one ("Bags", ERRATA.md); one list serves both here.
labels_map: dict[int, str] = {
    0: "T-Shirt",
    1: "Trouser",
    2: "Pullover",
    3: "Dress",
    4: "Coat",
    5: "Sandal",
    6: "Shirt",
    7: "Sneaker",
    8: "Bag",
    9: "Ankle Boot",
}


class CustomImageDataset(Dataset):
    """Images in img_dir, labels in a header-less CSV of `file_name,label` lines (tutorial 1.4.3).

    dataset[idx] is (image, label): the image a uint8 tensor (C, H, W) as read_image gives it (not a PIL image),
    the label an int, each passed through its transform when one is given.
    """

    def __init__(
        self,
        annotations_file: str | Path,
        img_dir: str | Path,
        transform: Callable[[torch.Tensor], Any] | None = None,
        target_transform: Callable[[int], Any] | None = None,
    ) -> None:
        self.annotations_file = annotations_file
        self.img_dir = Path(img_dir)
        self.transform = transform
        self.target_transform = target_transform
        self.img_labels: list[tuple[str, int]] = []  # (file name, label), one per CSV line, in file order
        self.lines: list[int] = []  # the CSV line of each sample, for error messages
        # Every line is data: the tutorial's CSV has no header row. Problems are reported here, with
        # the line, rather than as a bare error at some later __getitem__. utf-8-sig: a byte-order
        # mark (spreadsheets save one) is dropped, not read as part of the first file name.
        with open(annotations_file, newline="", encoding="utf-8-sig") as f:
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
                # Names are relative to img_dir: an absolute path or a `..` would read any file on the
                # machine (img_dir / "/etc/hostname" is /etc/hostname). Checked on the text, so a
                # symlink placed inside img_dir on purpose still works.
                if Path(name).is_absolute() or os.path.normpath(name).split(os.sep)[0] == os.pardir:
                    raise ValueError(
                        f"{annotations_file}, line {lineno}: {name!r} is outside img_dir "
                        f"{self.img_dir} (file names must be relative to it)"
                    )
                if not (self.img_dir / name).is_file():
                    raise FileNotFoundError(f"{annotations_file}, line {lineno}: no image {self.img_dir / name}")
                self.img_labels.append((name, value))
                self.lines.append(lineno)

    def __len__(self) -> int:
        return len(self.img_labels)

    def __getitem__(self, idx: int) -> tuple[Any, Any]:
        name, label = self.img_labels[idx]
        # The file's bytes, decoded as they are: uint8 (C, H, W), C = 1 for grayscale, 3 for RGB.
        # (The tutorial's read_image(path) does the same; torchvision 0.29 deprecates it.)
        path, where = self.img_dir / name, f"line {self.lines[idx]} of {self.annotations_file}"
        try:
            content = path.read_bytes()
        except OSError as exc:  # deleted since, unreadable, a directory
            raise OSError(f"{path} ({where}): cannot be read: {exc.strerror or exc}") from exc
        try:
            data = torch.frombuffer(bytearray(content), dtype=torch.uint8)  # ValueError when empty
            image = decode_image(data, mode=ImageReadMode.UNCHANGED)  # RuntimeError when not an image
        except (RuntimeError, ValueError) as exc:
            raise ValueError(
                f"{path} ({where}): not an image torchvision can decode (jpeg, png, webp, gif; {len(content)} bytes)"
            ) from exc
        if self.transform is not None:
            image = self.transform(image)  # on every access: a random transform draws anew each time
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label


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
