"""torch.mv(w.t(), x) + b under no_grad: right for one sample x (5,), an error for a batch x (N, 5).

expect: fail test_forward_without_grad_of_a_batch_is_one_row_per_sample
"""
import torch


def forward_without_grad(x, w, b):
    with torch.no_grad():
        return torch.mv(w.t(), x) + b
