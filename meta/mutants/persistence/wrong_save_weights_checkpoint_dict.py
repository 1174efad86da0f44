"""A training-checkpoint habit: the state_dict wrapped in a dict, and load_weights unwrapping it. The pair
round-trips, but neither reads or writes the page's format (a bare state_dict).

expect: fail test_save_weights_writes_a_pure_state_dict
expect: fail test_load_weights_restores_every_tensor_exactly
"""
import torch


def save_weights(model, path):
    torch.save({"epoch": 5, "model_state_dict": model.state_dict()}, path)


def load_weights(model, path):
    device = next(model.parameters()).device
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(checkpoint["model_state_dict"])
    return model.eval()
