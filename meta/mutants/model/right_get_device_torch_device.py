"""A torch.device instead of a string; "cuda:0" names the same device type.

expect: pass
"""
import torch


def get_device():
    return torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
