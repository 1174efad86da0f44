"""Every image decoded once in __init__ (checked there, with the line number); transforms still per access.

expect: pass
"""
import os

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.images, self.labels = [], []
        with open(annotations_file) as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                name, label = line.strip().split(",")
                path = os.path.join(img_dir, name)
                if not os.path.exists(path):
                    raise FileNotFoundError(f"line {number}: {path} does not exist")
                if not label.strip().lstrip("-").isdigit():
                    raise ValueError(f"line {number}: label {label!r} is not an integer")
                array = np.array(Image.open(path))
                array = array[:, :, None] if array.ndim == 2 else array
                self.images.append(torch.from_numpy(array).permute(2, 0, 1).contiguous())
                self.labels.append(int(label))
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        image, label = self.images[idx], self.labels[idx]
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
