"""load_weights with strict=False: missing keys keep their random initial values, silently.

expect: fail test_load_weights_rejects_missing_and_unexpected_keys
"""
import torch


def load_weights(model, path):
    device = next(model.parameters()).device
    model.load_state_dict(torch.load(path, map_location=device, weights_only=True), strict=False)
    return model.eval()
