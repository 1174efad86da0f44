"""Weights through an open file object, loaded with torch.load's defaults (weights_only=True since 2.6)
and load_state_dict's (strict=True).

expect: pass
"""
import torch


def save_weights(model, path):
    with open(path, "wb") as f:
        torch.save(model.state_dict(), f)


def load_weights(model, path):
    device = next(model.parameters()).device
    model.load_state_dict(torch.load(path, map_location=device))
    model.eval()
    return model
