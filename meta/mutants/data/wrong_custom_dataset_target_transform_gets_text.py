"""target_transform applied to the CSV string before the int conversion (and the int never happens then).

expect: fail test_custom_dataset_applies_target_transform_to_the_label_only
"""
import csv
import os

from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file, newline="") as f:
            self.rows = list(csv.reader(f))
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
        else:
            label = int(label)
        return image, label
