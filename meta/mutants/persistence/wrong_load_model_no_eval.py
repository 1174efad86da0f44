"""load_model forgets model.eval().

expect: fail test_load_model_returns_the_model_in_eval_mode
"""
import torch


def load_model(path):
    return torch.load(path, weights_only=False)
