"""torch.load(path, map_location="cpu") for a whole model: weights_only is left to its default (True since torch 2.6),
so the pickled module is refused.

mistake: load_model_weights_only
page: persistence
expect: fail test_load_model_restores_the_whole_module
"""

import torch


def save_model(model, path):
    torch.save(model, path)


def load_model(path):
    return torch.load(path, map_location="cpu").eval()
