"""Calls model.zero_grad() "to start clean": the caller's accumulated gradients are wiped by a prediction.

expect: fail test_predict_leaves_the_models_parameters_as_they_were
"""
import torch


def predict(model, x):
    model.eval()
    model.zero_grad()
    with torch.no_grad():
        return model(x).argmax(dim=1)
