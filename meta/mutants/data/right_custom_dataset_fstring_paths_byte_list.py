"""Builds paths as f"{img_dir}/{name}" and reads files with open(): str-only paths; errors with the line text.

expect: pass
"""
import torch
from torch.utils.data import Dataset
from torchvision.io import decode_png, decode_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform
        self.data = []
        with open(annotations_file) as fh:
            for number, raw in enumerate(fh.read().split("\n"), 1):
                if raw == "":
                    continue
                parts = raw.split(",")
                try:
                    open(f"{img_dir}/{parts[0]}", "rb").close()
                except OSError as e:
                    raise Exception(f"bad annotation at line {number}: {raw}") from e
                try:
                    lab = int(parts[1])
                except ValueError:
                    raise Exception(f"bad annotation at line {number}: {raw}")
                self.data.append((parts[0], lab))

    def __len__(self):
        return len(self.data)

    def __getitem__(self, idx):
        name, label = self.data[idx]
        with open(f"{self.img_dir}/{name}", "rb") as fh:
            raw = torch.tensor(list(fh.read()), dtype=torch.uint8)
        image = decode_image(raw)
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
