"""os.fspath paths, torchvision.io.read_file + decode_image; a custom exception type for bad lines.

expect: pass
"""
import os

from torch.utils.data import Dataset
from torchvision.io import decode_image, read_file


class AnnotationError(Exception):
    pass


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.img_dir = os.fspath(img_dir)
        self.transform = transform
        self.target_transform = target_transform
        self.entries = []
        with open(os.fspath(annotations_file)) as f:
            lines = f.readlines()
        for k, line in enumerate(lines):
            text = line.strip()
            if not text:
                continue
            fname, lab = text.split(",")
            if not os.path.isfile(os.path.join(self.img_dir, fname)):
                raise AnnotationError(f"line {k + 1}: {text}: missing file")
            try:
                self.entries.append((fname, int(lab)))
            except ValueError:
                raise AnnotationError(f"line {k + 1}: {text}: label is not an int") from None

    def __len__(self):
        return len(self.entries)

    def __getitem__(self, idx):
        fname, label = self.entries[idx]
        image = decode_image(read_file(os.path.join(self.img_dir, fname)))
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
