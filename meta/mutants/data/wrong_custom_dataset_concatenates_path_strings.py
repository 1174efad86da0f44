"""paths joined as img_dir + "/" + name: a pathlib.Path img_dir raises TypeError.

expect: fail test_custom_dataset_accepts_path_objects
"""
import os
from pathlib import Path

import torch
from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.rows = []
        with open(annotations_file) as f:
            for n, line in enumerate(f, start=1):
                name, label = line.strip().split(",")
                if not os.path.isfile(img_dir + "/" + name):
                    raise FileNotFoundError(f"line {n}: no file {name}")
                if not label.strip().isdigit():
                    raise ValueError(f"line {n}: bad label {label!r}")
                self.rows.append((name, int(label)))
        self.img_dir, self.transform, self.target_transform = img_dir, transform, target_transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, idx):
        name, label = self.rows[idx]
        image = read_image(self.img_dir + "/" + name)
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
