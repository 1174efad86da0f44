"""Turns off requires_grad on the caller's w and b (freezing them) instead of the computation's tracking.

expect: fail test_forward_without_grad_keeps_w_and_b_requiring_grad
"""
import torch


def forward_without_grad(x, w, b):
    w.requires_grad_(False)
    b.requires_grad_(False)
    return torch.matmul(x, w) + b
