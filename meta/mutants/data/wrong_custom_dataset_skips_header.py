"""Skips the first CSV line as if it were a header (pandas' read_csv default): the tutorial's CSV has none.

expect: fail test_custom_dataset_len_counts_every_csv_line
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
            reader = csv.reader(f)
            next(reader)  # skip the header
            self.img_labels = list(reader)
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
