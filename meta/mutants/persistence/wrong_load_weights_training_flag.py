"""load_weights sets model.training = False: only the top module; its submodules stay in training mode.

expect: fail test_load_weights_returns_the_model_in_eval_mode
"""
import torch


def load_weights(model, path):
    device = next(model.parameters()).device
    model.load_state_dict(torch.load(path, map_location=device, weights_only=True))
    model.training = False
    return model
