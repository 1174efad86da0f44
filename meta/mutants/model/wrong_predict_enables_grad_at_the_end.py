"""set_grad_enabled(False), then set_grad_enabled(True) "to restore": a caller under no_grad gets grad mode back on.

expect: fail test_predict_keeps_a_callers_no_grad_mode
"""
import torch


def predict(model, x):
    model.eval()
    torch.set_grad_enabled(False)
    logits = model(x)
    torch.set_grad_enabled(True)
    return logits.argmax(dim=1)
