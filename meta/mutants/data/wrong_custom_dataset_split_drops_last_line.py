"""read().split("\\n")[:-1] to drop the empty piece after the final newline: without one, the last line is dropped.

expect: fail test_custom_dataset_reads_the_last_line_without_a_final_newline
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
            lines = f.read().split("\n")[:-1]
        for n, line in enumerate(lines, start=1):
            name, label = line.split(",")
            if not os.path.isfile(os.path.join(img_dir, name)):
                raise FileNotFoundError(f"line {n}: no file {name}")
            if not label.strip().isdigit():
                raise ValueError(f"line {n}: bad label {label!r}")
            self.rows.append((name, int(label)))
        self.img_dir, self.transform, self.target_transform = img_dir, transform, target_transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, idx):
        name, label = self.rows[idx]
        image = read_image(os.path.join(self.img_dir, name))
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
