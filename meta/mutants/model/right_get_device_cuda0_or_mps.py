"""get_device checks cuda (device count), then mps, returns "cuda:0".

expect: pass
"""
import torch


def get_device():
    if torch.cuda.is_available() and torch.cuda.device_count() > 0:
        return "cuda:0"
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "mps"
    return "cpu"
