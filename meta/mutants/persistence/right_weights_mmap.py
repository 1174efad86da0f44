"""Weights memory-mapped (mmap=True: tensors read lazily from the file), mapped by torch.device.

expect: pass
"""
from pathlib import Path

import torch


def save_weights(model, path):
    torch.save(model.state_dict(), Path(path))


def load_weights(model, path):
    device = next(iter(model.state_dict().values())).device
    state_dict = torch.load(Path(path), map_location=torch.device(device), weights_only=True, mmap=True)
    missing, unexpected = model.load_state_dict(state_dict)
    return model.train(False)
