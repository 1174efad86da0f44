"""normalize of a batch by looping over dimension 1 when there is a batch (t.dim() > 3), over dimension 0
otherwise: right for (C, H, W) and (N, C, H, W), wrong for two batch dimensions.

expect: fail test_normalize_takes_any_number_of_batch_dimensions
"""
import torch


def normalize(t, mean, std):
    dim = 1 if t.dim() > 3 else 0
    return torch.stack([(x - m) / s for x, m, s in zip(t.unbind(dim), mean, std)], dim=dim)
