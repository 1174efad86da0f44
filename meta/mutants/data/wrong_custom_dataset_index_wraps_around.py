"""dataset[idx % len]: dataset[len(dataset)] is sample 0 again, so iterating the dataset never ends.

expect: fail test_custom_dataset_iteration_stops_after_its_len_samples
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
                if not line.strip():
                    continue
                name, label = line.strip().split(",")
                if not os.path.isfile(os.path.join(img_dir, name)):
                    raise FileNotFoundError(f"line {n}: no file {name}")
                if not label.strip().isdigit():
                    raise ValueError(f"line {n}: bad label {label!r}")
                self.rows.append((name, int(label)))
        self.img_dir, self.transform, self.target_transform = img_dir, transform, target_transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, idx):
        name, label = self.rows[idx % len(self.rows)]
        image = read_image(os.path.join(self.img_dir, name))
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
