"""Reads line idx - 1, thinking of the CSV's lines as numbered from 1: dataset[0] is the last line.

expect: fail test_custom_dataset_first_line_is_the_first_sample_not_a_header
expect: fail test_custom_dataset_returns_samples_in_csv_order
"""
import csv
import os

from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file, newline="") as f:
            self.img_labels = list(csv.reader(f))
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.img_labels)

    def __getitem__(self, idx):
        name, label = self.img_labels[idx - 1]
        image = read_image(os.path.join(self.img_dir, name))
        label = int(label)
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
