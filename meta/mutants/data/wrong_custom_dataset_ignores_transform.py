"""Stores transform and target_transform but never applies them.

expect: fail test_custom_dataset_applies_transform_to_the_image_only
expect: fail test_custom_dataset_applies_target_transform_to_the_label_only
expect: fail test_custom_dataset_applies_transform_on_every_access
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
        image = read_image(os.path.join(self.img_dir, self.img_labels[idx][0]))
        return image, int(self.img_labels[idx][1])
