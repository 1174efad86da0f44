"""The tutorial's `model = torch.load('model.pth')` for a whole model: since torch 2.6 torch.load loads weights only
by default, so the pickled model is refused.

mistake: load_model_weights_only
page: persistence
expect: fail test_load_model_restores_the_whole_module
"""

import torch


def save_model(model, path):
    torch.save(model, path)


def load_model(path):
    model = torch.load(path)
    model.eval()
    return model
