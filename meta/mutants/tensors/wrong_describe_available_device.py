"""describe reporting the machine's device (cuda if available, else cpu), not t's: right on a CPU-only box.

expect: fail test_describe_reports_the_device_of_t_not_of_the_machine
"""
import torch


def describe(t):
    return t.shape, t.dtype, torch.device("cuda" if torch.cuda.is_available() else "cpu")
