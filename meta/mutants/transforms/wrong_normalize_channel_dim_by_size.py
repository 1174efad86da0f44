"""normalize that finds the channel dimension as the first one of size len(mean): right for (C, H, W) and for
(N, C, H, W) unless N == C, where a batch of three RGB images is normalized image by image instead.

expect: fail test_normalize_takes_any_number_of_batch_dimensions
"""
import torch


def normalize(t, mean, std):
    c_dim = list(t.shape).index(len(mean))
    shape = [1] * t.dim()
    shape[c_dim] = len(mean)
    m = torch.tensor(mean, dtype=t.dtype, device=t.device).view(shape)
    s = torch.tensor(std, dtype=t.dtype, device=t.device).view(shape)
    return (t - m) / s
