"""Returns torch.cuda.is_available() itself, a bool, instead of the device it decides.

expect: fail test_get_device_is_accepted_by_torch_here
expect: fail test_get_device_is_cuda_when_available_else_cpu
"""
import torch


def get_device():
    return torch.cuda.is_available()
