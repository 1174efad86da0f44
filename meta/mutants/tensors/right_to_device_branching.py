"""to_device choosing .cpu() or .cuda(device) by the device's type, and saying what it did.

expect: pass
"""
import torch


def to_device(t, device):
    device = torch.device(device)
    out = t.cpu() if device.type == "cpu" else t.cuda(device)
    print(f"moved {tuple(t.shape)} to {device}")
    return out
