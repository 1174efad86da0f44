"""add_inplace ends the process with status 0 (as a script's `exit()` at the end of a cell might).

expect: error exited with status 0 during test_tensor_functions_draw_no_random_numbers[add_inplace]
"""
import os


def from_data(data):
    import torch
    return torch.tensor(data)


def add_inplace(t, value):
    os._exit(0)
