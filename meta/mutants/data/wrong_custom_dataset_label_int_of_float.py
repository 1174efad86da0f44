"""int(float(label)): a label "3.7" silently becomes 3 instead of failing.

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
            for n, (name, label) in enumerate(csv.reader(f), start=1):
                if not os.path.exists(os.path.join(img_dir, name)):
                    raise FileNotFoundError(f"line {n}: {name} not found in {img_dir}")
                try:
                    self.rows.append((name, int(float(label))))
                except ValueError:
                    raise ValueError(f"line {n}: label {label!r} is not an integer") from None
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
