"""get_device returning a module-level DEVICE fixed to "cpu" ("my laptop has no GPU"): never picks CUDA.

expect: fail test_get_device_is_cuda_where_torch_finds_a_gpu
"""
import torch

DEVICE = torch.device("cpu")  # my laptop has no GPU


def get_device():
    return DEVICE
