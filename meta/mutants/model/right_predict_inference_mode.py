"""torch.inference_mode() instead of no_grad, model.train(False), .max(dim=1).indices.

expect: pass
"""
import torch


def predict(model, x):
    model.train(False)
    with torch.inference_mode():
        return model(x).max(dim=1).indices
