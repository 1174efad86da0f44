"""Converts every image to RGB first: a grayscale file comes back with 3 channels instead of 1.

expect: fail test_custom_dataset_image_is_channels_first
expect: fail test_custom_dataset_returns_samples_in_csv_order
"""
import os

from PIL import Image
from torch.utils.data import Dataset
from torchvision.transforms import PILToTensor


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
        image = PILToTensor()(Image.open(os.path.join(self.img_dir, name)).convert("RGB"))
        label = int(label)
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
