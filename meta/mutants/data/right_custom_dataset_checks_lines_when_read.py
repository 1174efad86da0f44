"""Validates only in __getitem__ (lazy, like a streaming loader): the error still names the CSV line.

expect: pass
"""
import os

from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file) as f:
            self.lines = [l.rstrip("\r\n") for l in f if l.strip()]
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.lines)

    def __getitem__(self, idx):
        line = self.lines[idx]
        name, label = line.split(",")
        path = os.path.join(self.img_dir, name)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"line {idx + 1} of annotations ({line}): {path} not found")
        if not label.strip().isdigit():
            raise ValueError(f"line {idx + 1} of annotations ({line}): label is not an integer")
        image = read_image(path)
        label = int(label)
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
