"""Tutorial 1.4 Datasets & DataLoaders: the class names and a dataset read from files."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch.utils.data import Dataset
from torchvision.io import ImageReadMode, decode_image

labels_map: dict[int, str] = {
    0: "T-Shirt", 1: "Trouser", 2: "Pullover", 3: "Dress", 4: "Coat",
    5: "Sandal", 6: "Shirt", 7: "Sneaker", 8: "Bag", 9: "Ankle Boot",
}


class CustomImageDataset(Dataset):
    """Images in img_dir, labels in a header-less CSV of `file_name,label` lines."""

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
        self.img_labels: list[tuple[str, int]] = []
        with open(annotations_file, newline="") as f:
            for lineno, row in enumerate(csv.reader(f), start=1):
                if not row:
                    continue
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
        # decode_image of the file's bytes: uint8 (C, H, W). (read_image is deprecated in torchvision 0.29.)
        data = torch.frombuffer(bytearray((self.img_dir / name).read_bytes()), dtype=torch.uint8)
        image = decode_image(data, mode=ImageReadMode.UNCHANGED)
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label


def describe_data_root() -> str:
    """Where the Fashion-MNIST files are looked for, for the report header."""
    return os.environ.get("FASHION_MNIST_ROOT", "/usr/share/datasets/fashion-mnist (Debian package)")
