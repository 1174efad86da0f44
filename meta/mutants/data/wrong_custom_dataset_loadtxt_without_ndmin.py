"""np.loadtxt(dtype=str) without ndmin=2: a one-line CSV comes back 1-D, so rows[0] is the file name string.

expect: fail test_custom_dataset_reads_a_csv_of_one_line
"""
import os

import numpy as np
from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.rows = np.loadtxt(annotations_file, delimiter=",", dtype=str)
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, idx):
        image = read_image(os.path.join(self.img_dir, self.rows[idx][0]))
        label = int(self.rows[idx][1])
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
