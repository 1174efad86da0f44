"""load_weights with weights_only=False (the pre-2.6 default, or to silence an error): runs any code in the file.

expect: fail test_load_weights_refuses_code_execution
"""
import torch


def load_weights(model, path):
    device = next(model.parameters()).device
    model.load_state_dict(torch.load(path, map_location=device, weights_only=False))
    return model.eval()
