"""A Mac learner's get_device: "mps" when available, else "cpu"; CUDA is never picked.

expect: fail test_get_device_is_cuda_where_torch_finds_a_gpu
"""
import torch


def get_device():
    return "mps" if torch.backends.mps.is_available() else "cpu"
