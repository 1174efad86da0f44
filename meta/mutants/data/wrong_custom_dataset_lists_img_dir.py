"""Takes the images from sorted(os.listdir(img_dir)) and only the labels from the CSV.

expect: fail test_custom_dataset_len_counts_every_csv_line
expect: fail test_custom_dataset_returns_samples_in_csv_order
"""
import csv
import os

from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file, newline="") as f:
            self.labels = [int(label) for _, label in csv.reader(f)]
        self.files = sorted(os.listdir(img_dir))
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.files)

    def __getitem__(self, idx):
        image = read_image(os.path.join(self.img_dir, self.files[idx]))
        label = self.labels[idx]
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
