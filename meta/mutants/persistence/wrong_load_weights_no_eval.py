"""load_weights forgets model.eval(): Dropout and BatchNorm stay in training behaviour.

expect: fail test_load_weights_returns_the_model_in_eval_mode
"""
import torch


def load_weights(model, path):
    device = next(model.parameters()).device
    model.load_state_dict(torch.load(path, map_location=device, weights_only=True))
    return model
