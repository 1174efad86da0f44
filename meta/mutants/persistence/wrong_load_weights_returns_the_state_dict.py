"""load_weights returns what torch.load read (the state_dict) instead of loading it into the model.

expect: fail test_load_weights_restores_every_tensor_exactly
expect: fail test_load_weights_returns_the_model_it_was_given
"""
import torch


def load_weights(model, path):
    return torch.load(path, map_location=next(model.parameters()).device, weights_only=True)
