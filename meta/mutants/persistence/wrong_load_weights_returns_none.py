"""load_weights loads correctly but forgets to return the model.

expect: fail test_load_weights_returns_the_model_it_was_given
expect: fail test_load_weights_returns_the_model_in_eval_mode
"""
import torch


def load_weights(model, path):
    device = next(model.parameters()).device
    model.load_state_dict(torch.load(path, map_location=device, weights_only=True))
    model.eval()
