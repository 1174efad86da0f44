"""torch.tensor(np.array(img)).permute: np.array(..., dtype=np.int64) "to be safe": int64 image.

expect: fail test_custom_dataset_image_is_uint8
"""
import csv
import os

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file, newline="") as f:
            self.rows = [(r[0], int(r[1])) for r in csv.reader(f)]
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, idx):
        name, label = self.rows[idx]
        with Image.open(os.path.join(self.img_dir, name)) as img:
            arr = np.array(img, dtype=np.int64)
        image = torch.from_numpy(np.atleast_3d(arr)).permute(2, 0, 1)
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
