"""CustomImageDataset that decodes with decode_png: right on PNG files, but the tutorial's CSV names JPEGs.

expect: fail test_custom_dataset_reads_jpeg_files_as_the_tutorials_csv_names_them
"""

import csv
import os

from torch.utils.data import Dataset
from torchvision.io import decode_png, read_file


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file, newline="") as f:
            self.img_labels = [(row[0], int(row[1])) for row in csv.reader(f) if row]
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.img_labels)

    def __getitem__(self, idx):
        name, label = self.img_labels[idx]
        image = decode_png(read_file(os.path.join(self.img_dir, name)))
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
