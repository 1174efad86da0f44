"""read_image(..., ImageReadMode.GRAY) "because Fashion-MNIST is grayscale": colour images lose channels.

expect: fail test_custom_dataset_keeps_the_color_channels_of_rgb_images
"""
import csv
import os

from torch.utils.data import Dataset
from torchvision.io import ImageReadMode, read_image


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
        image = read_image(os.path.join(self.img_dir, name), ImageReadMode.GRAY)
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
