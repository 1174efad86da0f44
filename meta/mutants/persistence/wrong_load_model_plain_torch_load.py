"""load_model as the page (torch 1.9) writes it: torch.load(path). Since torch 2.6 that is
weights-only and refuses the pickled module.

expect: fail test_load_model_restores_the_whole_module
"""
import torch


def load_model(path):
    model = torch.load(path)
    return model.eval()
