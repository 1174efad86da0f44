"""np.loadtxt with its default dtype: every label becomes a float (3.0), and batches of labels float64.

expect: fail test_custom_dataset_label_is_an_int
expect: fail test_custom_dataset_batches_through_a_dataloader
"""
import numpy as np
from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.names = np.loadtxt(annotations_file, delimiter=",", usecols=0, dtype=str, ndmin=1)
        self.labels = np.loadtxt(annotations_file, delimiter=",", usecols=1, ndmin=1)
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.names)

    def __getitem__(self, idx):
        image = read_image(f"{self.img_dir}/{self.names[idx]}")
        label = self.labels[idx]
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
