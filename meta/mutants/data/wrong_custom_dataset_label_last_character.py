"""the label read as the line's last character: right for 0..9, but a label 12 becomes 2.

expect: fail test_custom_dataset_reads_labels_of_several_digits
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
                line = line.strip()
                if not line:
                    continue
                name = line.split(",")[0]
                if not os.path.isfile(os.path.join(img_dir, name)):
                    raise FileNotFoundError(f"line {n}: no file {name}")
                label = line.split(",")[1]
                if not label.isdigit():
                    raise ValueError(f"line {n}: bad label {label!r}")
                self.rows.append((name, int(line[-1])))
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
