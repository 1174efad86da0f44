"""Checks files up front; the message names the missing file, not the CSV line: enough to find it.

expect: pass
"""
import csv
import os

from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file, newline="") as f:
            self.rows = [(r[0], int(r[1])) for r in csv.reader(f)]
        for name, _ in self.rows:
            if not os.path.isfile(os.path.join(img_dir, name)):
                raise FileNotFoundError(f"no such image: {name}")
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

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
