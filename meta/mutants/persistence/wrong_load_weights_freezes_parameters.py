"""load_weights also freezes the parameters "for inference" (requires_grad_(False)): the model cannot be trained on.

expect: fail test_load_weights_keeps_parameters_trainable
"""
import torch


def load_weights(model, path):
    device = next(model.parameters()).device
    model.load_state_dict(torch.load(path, map_location=device, weights_only=True))
    model.requires_grad_(False)
    return model.eval()
