"""normalize looping over the channel dimension -3 into empty_like: (C, H, W) images and (N, C, H, W) batches.

expect: pass
"""
import torch


def normalize(t, mean, std):
    out = torch.empty_like(t)
    for c in range(t.shape[-3]):
        out[..., c, :, :] = (t[..., c, :, :] - mean[c]) / std[c]
    return out
