"""A second, independent implementation of page 1.4 in another style: the CSV parsed by module functions into
a tuple of (path, label) rows (str.partition, Path.read_text), images through PIL and
torchvision.transforms.functional.pil_to_tensor; labels_map built from a list.

expect: pass
"""
from pathlib import Path

from PIL import Image
from torch.utils.data import Dataset
from torchvision.transforms.functional import pil_to_tensor

CLASSES = ["T-Shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle Boot"]
labels_map = dict(enumerate(CLASSES))


def parse_row(number, line, img_dir):
    name, comma, label = line.partition(",")
    if not comma:
        raise ValueError(f"line {number}: {line!r} has no comma")
    path = img_dir / name.strip()
    if not path.is_file():
        raise FileNotFoundError(f"line {number}: {path} is not a file")
    try:
        return path, int(label)
    except ValueError:
        raise ValueError(f"line {number}: label {label.strip()!r} is not an integer") from None


def read_rows(annotations_file, img_dir):
    lines = Path(annotations_file).read_text().splitlines()
    return tuple(parse_row(n, line, Path(img_dir)) for n, line in enumerate(lines, start=1) if line.strip())


def load_image(path):
    with Image.open(path) as image:
        return pil_to_tensor(image)  # uint8 (C, H, W)


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.rows = read_rows(annotations_file, img_dir)
        self.transform, self.target_transform = transform, target_transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, idx):
        path, label = self.rows[idx]
        image = load_image(path)
        return (image if self.transform is None else self.transform(image),
                label if self.target_transform is None else self.target_transform(label))
