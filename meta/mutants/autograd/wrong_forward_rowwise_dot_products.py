"""(w.T * x).sum(dim=1) + b, x @ w as one dot product per output: right for one sample x (5,), but a batch
of one, x (1, 5), comes back as (3,) instead of (1, 3).

expect: fail test_forward_without_grad_of_a_batch_is_one_row_per_sample
"""
import torch


def forward_without_grad(x, w, b):
    with torch.no_grad():
        return (w.T * x).sum(dim=1) + b
