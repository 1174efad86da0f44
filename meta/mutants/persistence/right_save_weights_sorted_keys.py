"""save_weights writes the state_dict as a plain dict with sorted keys: load_state_dict matches keys by name.

expect: pass
"""
import torch


def save_weights(model, path):
    torch.save(dict(sorted(model.state_dict().items())), path)
