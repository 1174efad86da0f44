"""Unpacks each line as (label, file_name): the columns are file_name, label.

expect: fail test_custom_dataset_returns_samples_in_csv_order
expect: fail test_custom_dataset_first_line_is_the_first_sample_not_a_header
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
        label, name = self.img_labels[idx]
        image = read_image(os.path.join(self.img_dir, name))
        label = int(label)
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
