"""Transforms every image once in __init__: a random transform would give the same result every epoch.

expect: fail test_custom_dataset_applies_transform_on_every_access
"""
import csv
import os

from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file, newline="") as f:
            rows = list(csv.reader(f))
        self.images = [read_image(os.path.join(img_dir, name)) for name, _ in rows]
        self.labels = [int(label) for _, label in rows]
        if transform:
            self.images = [transform(image) for image in self.images]
        if target_transform:
            self.labels = [target_transform(label) for label in self.labels]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        return self.images[idx], self.labels[idx]
