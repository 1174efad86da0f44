"""a regex per line of read_text().splitlines() (CRLF and a missing final newline are fine), Path throughout.

expect: pass
"""
import re
import os
from pathlib import Path

import torch
from torch.utils.data import Dataset
from torchvision.io import read_image


LINE = re.compile(r"^\s*(?P<name>[^,]+?)\s*,\s*(?P<label>-?\d+)\s*$")


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.img_dir = Path(img_dir)
        self.rows = []
        for n, line in enumerate(Path(annotations_file).read_text().splitlines(), start=1):
            if not line.strip():
                continue
            m = LINE.match(line)
            if m is None:
                raise ValueError(f"line {n}: {line!r} is not 'file_name,label'")
            if not (self.img_dir / m["name"]).is_file():
                raise FileNotFoundError(f"line {n}: {line!r}: no such image")
            self.rows.append((m["name"], int(m["label"])))
        self.transform, self.target_transform = transform, target_transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, idx):
        name, label = self.rows[idx]
        image = read_image(str(self.img_dir / name))
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
