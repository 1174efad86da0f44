"""to_tensor as torchvision's ToTensor of torch 1.9 did for PIL: ByteStorage.from_buffer (a deprecated TypedStorage).

expect: pass
"""
import numpy as np
import torch
from PIL import Image


def to_tensor(pic):
    if isinstance(pic, np.ndarray):
        if pic.ndim == 2:
            pic = pic[:, :, None]
        return torch.from_numpy(pic.transpose((2, 0, 1)).copy()).float().div(255)
    img = torch.ByteTensor(torch.ByteStorage.from_buffer(pic.tobytes()))
    img = img.view(pic.size[1], pic.size[0], len(pic.getbands()))
    return img.permute(2, 0, 1).contiguous().float().div(255)
