"""PIL -> numpy -> torch with explicit channel handling; labels_map by zip.

expect: pass
"""
import csv
import os

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset

_NAMES = ("T-Shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle Boot")
labels_map = dict(zip(range(10), _NAMES))


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform
        with open(annotations_file, newline="") as f:
            rows = list(csv.reader(f))
        self.samples = []
        for i, row in enumerate(rows):
            where = f"{annotations_file}:{i + 1}: {','.join(row)}"
            if len(row) != 2:
                raise ValueError(f"{where}: expected file_name,label")
            if not os.path.isfile(os.path.join(img_dir, row[0])):
                raise FileNotFoundError(f"{where}: image not found")
            try:
                self.samples.append((row[0], int(row[1])))
            except ValueError:
                raise ValueError(f"{where}: label not an integer") from None

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, idx):
        name, label = self.samples[idx]
        with Image.open(os.path.join(self.img_dir, name)) as img:
            arr = np.asarray(img)
        if arr.ndim == 2:
            arr = arr[None]                     # (H, W) -> (1, H, W)
        else:
            arr = np.transpose(arr, (2, 0, 1))  # (H, W, C) -> (C, H, W)
        image = torch.from_numpy(np.ascontiguousarray(arr))
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
