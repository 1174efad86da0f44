"""torch.set_grad_enabled(False) used as a context manager (it restores the mode on exit), torch.argmax.

expect: pass
"""
import torch


def predict(model, x):
    model.eval()
    with torch.set_grad_enabled(False):
        logits = model(x)
    return torch.argmax(logits, dim=-1)
