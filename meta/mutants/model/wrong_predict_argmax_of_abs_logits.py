"""argmax of |logits|: a large negative logit wins; right only when the largest logit is also the largest in size.

expect: fail test_predict_returns_argmax_of_logits
"""
import torch


def predict(model, x):
    model.eval()
    with torch.no_grad():
        logits = model(x)
    return logits.abs().argmax(dim=1)
