"""line[:-1] to cut the newline: an unterminated last line loses its last character (label 12 becomes 1).

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
            for n, line in enumerate(f, start=1):
                name, label = line[:-1].split(",")
                if not os.path.isfile(os.path.join(img_dir, name)):
                    raise FileNotFoundError(f"line {n}: no file {name}")
                try:
                    self.rows.append((name, int(label)))
                except ValueError:
                    raise ValueError(f"line {n}: bad label {label!r}") from None
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
