"""The newer tutorial's torch.accelerator API.

expect: pass
"""
import torch


def get_device():
    return torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
