"""Keeps each file's state_dict in memory, by path, and loads it with assign=True: two models loaded from
one file share their parameters (training one changes the other), and a file saved again at that path
still loads the old weights.

expect: fail test_load_weights_round_trips_from_the_reference_save
"""
import torch

_cache = {}


def load_weights(model, path):
    key = str(path)
    if key not in _cache:
        device = next(model.parameters()).device
        _cache[key] = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(_cache[key], assign=True)
    return model.eval()
