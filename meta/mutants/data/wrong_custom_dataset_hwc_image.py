"""np.array(PIL image) straight into a tensor: (H, W) for grayscale, (H, W, 3) for RGB, not (C, H, W).

expect: fail test_custom_dataset_image_is_channels_first
expect: fail test_custom_dataset_keeps_the_color_channels_of_rgb_images
"""
import os

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file) as f:
            self.rows = [line.strip().split(",") for line in f if line.strip()]
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, idx):
        name, label = self.rows[idx]
        image = torch.from_numpy(np.array(Image.open(os.path.join(self.img_dir, name))))
        label = int(label)
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
