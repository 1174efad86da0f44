"""Freezes the parameters for the forward, then sets requires_grad=True on all of them: a layer the caller
had frozen (fine-tuning) is trainable again afterwards.

expect: fail test_predict_leaves_the_models_parameters_as_they_were
"""
import torch


def predict(model, x):
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    with torch.no_grad():
        pred = model(x).argmax(dim=1)
    for p in model.parameters():
        p.requires_grad_(True)
    return pred
