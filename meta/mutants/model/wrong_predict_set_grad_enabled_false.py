"""torch.set_grad_enabled(False) as a statement: gradient tracking stays off for everything after.

expect: fail test_predict_leaves_grad_mode_enabled
"""
import torch


def predict(model, x):
    model.eval()
    torch.set_grad_enabled(False)
    return model(x).argmax(dim=1)
