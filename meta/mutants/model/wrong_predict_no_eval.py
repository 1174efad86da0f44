"""Forgets model.eval(): dropout stays active, predictions are random.

expect: fail test_predict_runs_forward_in_eval_mode
"""
import torch


def predict(model, x):
    with torch.no_grad():
        return model(x).argmax(dim=1)
