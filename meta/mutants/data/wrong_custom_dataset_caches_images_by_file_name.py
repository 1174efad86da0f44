"""Images decoded once and kept in a module-level cache keyed by file name "so that every epoch after the
first is fast": a second dataset whose img_dir holds other images under the same names gets the first's.

expect: fail test_custom_dataset_two_datasets_with_the_same_file_names_read_their_own_images
"""
import os

from torch.utils.data import Dataset
from torchvision.io import read_image

_IMAGES = {}


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.rows = []
        with open(annotations_file) as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                name, label = line.strip().split(",")
                if not os.path.isfile(os.path.join(img_dir, name)):
                    raise FileNotFoundError(f"line {number}: no image {name}")
                if not label.strip().isdigit():
                    raise ValueError(f"line {number}: label {label!r} is not an integer")
                self.rows.append((name, int(label)))
        self.img_dir, self.transform, self.target_transform = img_dir, transform, target_transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, idx):
        name, label = self.rows[idx]
        if name not in _IMAGES:
            _IMAGES[name] = read_image(os.path.join(self.img_dir, name))
        image = _IMAGES[name].clone()
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
