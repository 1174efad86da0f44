"""pd.read_csv with a separator given but pandas' default header: the first sample becomes the column names.

mistake: csv_header
page: data
expect: fail test_custom_dataset_len_counts_every_csv_line
"""

import os

import pandas as pd
from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.labels = pd.read_csv(annotations_file, sep=",")
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return self.labels.shape[0]

    def __getitem__(self, idx):
        image = read_image(os.path.join(self.img_dir, str(self.labels.iloc[idx, 0])))
        label = int(self.labels.iloc[idx, 1])
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label
