"""load_weights with load_state_dict(..., assign=True): the loaded tensors become the parameters (requires_grad kept).

expect: pass
"""
import torch


def load_weights(model, path):
    device = next(model.parameters()).device
    model.load_state_dict(torch.load(path, map_location=device, weights_only=True), strict=True, assign=True)
    return model.eval()
