"""load_weights drops keys the model does not have (StackOverflow "partial load"): unexpected keys pass silently.

expect: fail test_load_weights_rejects_missing_and_unexpected_keys
"""
import torch


def load_weights(model, path):
    device = next(model.parameters()).device
    sd = torch.load(path, map_location=device, weights_only=True)
    own = model.state_dict()
    sd = {k: v for k, v in sd.items() if k in own}
    model.load_state_dict(sd, strict=True)
    return model.eval()
