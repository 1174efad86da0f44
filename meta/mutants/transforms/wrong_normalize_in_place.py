"""normalize with sub_ and div_: the input image is overwritten.

expect: fail test_normalize_leaves_its_input_unchanged
"""
import torch


def normalize(t, mean, std):
    m = torch.tensor(mean, dtype=t.dtype, device=t.device)[:, None, None]
    s = torch.tensor(std, dtype=t.dtype, device=t.device)[:, None, None]
    return t.sub_(m).div_(s)
