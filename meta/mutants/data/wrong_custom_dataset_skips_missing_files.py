"""Quietly drops CSV lines whose image is missing: the data set shrinks and nobody hears of the broken line.

expect: fail test_custom_dataset_error_for_a_missing_file_names_it
"""
import csv
import os

from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file, newline="") as f:
            rows = list(csv.reader(f))
        self.img_labels = [row for row in rows if os.path.exists(os.path.join(img_dir, row[0]))]
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.img_labels)

    def __getitem__(self, idx):
        image = read_image(os.path.join(self.img_dir, self.img_labels[idx][0]))
        label = int(self.img_labels[idx][1])
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
