"""The tutorial's class with the csv module instead of pandas and torchvision.io.read_image, read lazily;
a bad line's error is caught when the item is read and raised again naming the line.

expect: pass
"""
import csv
import os

from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file, newline="") as f:
            self.img_labels = list(csv.reader(f))
        self.annotations_file = annotations_file
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.img_labels)

    def __getitem__(self, idx):
        img_path = os.path.join(self.img_dir, self.img_labels[idx][0])
        try:
            image = read_image(img_path)
            label = int(self.img_labels[idx][1])
        except (RuntimeError, OSError, ValueError) as e:
            raise ValueError(f"{self.annotations_file}, line {idx + 1}: {e}") from e
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
