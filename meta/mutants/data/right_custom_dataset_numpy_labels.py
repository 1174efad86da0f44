"""np.loadtxt reads the CSV (labels become numpy integers, as pandas' iloc gives them); decode_image of the bytes.
Each row is checked with numpy string tests; a bad one is reported as its text, "name,label".

expect: pass
"""
import os

import numpy as np
import torch
from torch.utils.data import Dataset
from torchvision.io import decode_image, read_file


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        table = np.loadtxt(annotations_file, delimiter=",", dtype=str, ndmin=2)
        bad = ~np.char.isdigit(np.char.lstrip(table[:, 1], "-"))
        missing = np.array([not os.path.isfile(os.path.join(img_dir, name)) for name in table[:, 0]])
        if (bad | missing).any():
            row = table[bad | missing][0]
            raise ValueError(f"bad annotation {','.join(row)!r} (missing image or non-integer label)")
        self.names = list(table[:, 0])
        self.labels = table[:, 1].astype(np.int64)
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.names)

    def __getitem__(self, idx):
        image = decode_image(read_file(f"{self.img_dir}/{self.names[idx]}"))
        label = self.labels[idx]
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
