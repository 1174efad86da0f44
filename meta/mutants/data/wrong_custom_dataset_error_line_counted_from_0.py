"""Validates up front, but counts lines from 0 (enumerate default): the message points one line too early.

expect: fail test_custom_dataset_error_for_a_missing_file_names_it
expect: fail test_custom_dataset_label_that_is_not_an_integer_is_not_made_one
"""
import csv
import os

from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.rows = []
        with open(annotations_file, newline="") as f:
            for n, (name, label) in enumerate(csv.reader(f)):
                if not os.path.isfile(os.path.join(img_dir, name)):
                    raise FileNotFoundError(f"{annotations_file}, line {n}: no image {name!r}")
                if not label.strip().lstrip("-").isdigit():
                    raise ValueError(f"{annotations_file}, line {n}: label {label!r} is not an integer")
                self.rows.append((name, int(label)))
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
