"""Adds the channel dimension in place to (N, 28, 28) batches: the caller's tensor changes shape.

expect: fail test_predict_leaves_its_input_unchanged
"""
import torch


def predict(model, x):
    if x.dim() == 3:
        x.unsqueeze_(1)
    model.eval()
    with torch.no_grad():
        return model(x).argmax(dim=1)
