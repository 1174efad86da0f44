"""normalize flattening H and W with t.view(..., C, -1): a cropped image t[:, :, 2:7] is not viewable, it raises.

expect: fail test_normalize_takes_a_cropped_image
"""
import torch


def normalize(t, mean, std):
    flat = t.view(*t.shape[:-2], -1)  # (..., C, H * W)
    m = torch.tensor(mean, dtype=t.dtype, device=t.device).view(-1, 1)
    s = torch.tensor(std, dtype=t.dtype, device=t.device).view(-1, 1)
    return ((flat - m) / s).view(t.shape)
