"""load_weights without map_location: a file saved on a GPU this machine lacks cannot be opened.

expect: fail test_load_weights_maps_storages_to_the_models_device
"""
import torch


def load_weights(model, path):
    model.load_state_dict(torch.load(path, weights_only=True))
    return model.eval()
