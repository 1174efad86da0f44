"""read().split("\n") keeps an empty last line after the final newline: one sample too many, and it breaks.

expect: fail test_custom_dataset_len_counts_every_csv_line
"""
import os

from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        with open(annotations_file) as f:
            self.lines = f.read().split("\n")
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.lines)

    def __getitem__(self, idx):
        name, label = self.lines[idx].split(",")
        image = read_image(os.path.join(self.img_dir, name))
        label = int(label)
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
