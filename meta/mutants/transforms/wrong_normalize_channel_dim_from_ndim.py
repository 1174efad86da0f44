"""normalize that handles "an image or a batch" by the number of dimensions: channels are dimension 1 of a 4-D
tensor, dimension 0 otherwise. Right for (C, H, W) and (N, C, H, W); a (N1, N2, C, H, W) batch is normalized
along N1.

expect: fail test_normalize_takes_any_number_of_batch_dimensions
"""
import torch


def normalize(t, mean, std):
    c_dim = 1 if t.dim() == 4 else 0
    shape = [1] * t.dim()
    shape[c_dim] = -1
    m = torch.tensor(mean, dtype=t.dtype, device=t.device).view(shape)
    s = torch.tensor(std, dtype=t.dtype, device=t.device).view(shape)
    return (t - m) / s
