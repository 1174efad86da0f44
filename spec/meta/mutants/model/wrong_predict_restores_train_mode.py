"""Switches the model back to train mode afterwards; predict leaves it in eval mode, as the tutorial does.

expect: fail test_predict_leaves_model_in_eval_mode
"""
import torch


def predict(model, x):
    model.eval()
    with torch.no_grad():
        pred = model(x).argmax(dim=1)
    model.train()
    return pred
