"""A plain class with __len__ and __getitem__: it works with a DataLoader, but the page says to subclass Dataset.

expect: fail test_custom_dataset_is_a_torch_dataset
"""
import csv
import os

from torchvision.io import read_image


class CustomImageDataset:
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
        label = int(self.img_labels[idx][1])
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
