"""normalize broadcasting over (..., C, H, W), so 4-D batches work too; multiplies by 1 / std.

expect: pass
"""
import torch


def normalize(t, mean, std):
    m = torch.as_tensor(mean, dtype=t.dtype, device=t.device)[:, None, None]
    s = torch.as_tensor(std, dtype=t.dtype, device=t.device)[:, None, None]
    return (t - m) * (1 / s)
