"""each CSV line read lazily with linecache in __getitem__, IndexError past the end; errors name the line.

expect: pass
"""
import linecache
import os

from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.annotations_file = os.fspath(annotations_file)
        with open(self.annotations_file) as f:
            self.n = sum(1 for line in f if line.strip())
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return self.n

    def __getitem__(self, idx):
        if not 0 <= idx < self.n:
            raise IndexError(idx)
        line = linecache.getline(self.annotations_file, idx + 1).strip()
        name, label = line.rsplit(",", 1)
        path = os.path.join(self.img_dir, name)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"line {idx + 1}: {path} missing")
        try:
            label = int(label)
        except ValueError:
            raise ValueError(f"line {idx + 1}: {label!r} is not an integer") from None
        image = read_image(path)
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
