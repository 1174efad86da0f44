"""__getitem__ that builds (image, label) but forgets to return it: dataset[idx] is None. The spec says so in
its own words ("dataset[0]=None, but should be a pair (image, label)"), not "cannot unpack non-iterable NoneType".

expect: fail test_custom_dataset_first_line_is_the_first_sample_not_a_header
expect: fail test_custom_dataset_image_is_a_tensor
"""
import os

import pandas as pd
from torch.utils.data import Dataset
from torchvision.io import read_image


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.img_labels = pd.read_csv(annotations_file, header=None)
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.img_labels)

    def __getitem__(self, idx):
        image = read_image(os.path.join(self.img_dir, self.img_labels.iloc[idx, 0]))
        label = self.img_labels.iloc[idx, 1]
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        sample = (image, label)
