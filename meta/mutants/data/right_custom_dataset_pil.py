"""Plain str.split for the CSV, PIL + PILToTensor for the image; errors surface when an item is read,
PIL's or int()'s own, with a note (Python 3.11 add_note) naming the CSV line.

expect: pass
"""
from pathlib import Path

from PIL import Image
from torch.utils.data import Dataset
from torchvision.transforms import PILToTensor


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.rows = [line.split(",") for line in Path(annotations_file).read_text().splitlines() if line.strip()]
        self.img_dir = Path(img_dir)
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, idx):
        name, label = self.rows[idx]
        try:
            with Image.open(self.img_dir / name) as img:
                image = PILToTensor()(img)
            label = int(label)
        except (OSError, ValueError) as e:
            e.add_note(f"in CSV line {idx + 1}: {name},{label}")
            raise
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label
