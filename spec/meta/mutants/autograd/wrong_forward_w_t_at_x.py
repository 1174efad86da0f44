"""w.T @ x + b: the same numbers for one sample, (3, 5) @ (5,) -> (3,), but a batch x (N, 5) cannot be
multiplied that way round (x @ w works for both).

expect: fail test_forward_without_grad_of_a_batch_is_one_row_per_sample
"""
import torch


def forward_without_grad(x, w, b):
    with torch.no_grad():
        return w.T @ x + b
