"""topk(1) indices squeezed on dim 1, eval() via modules loop.

expect: pass
"""
import torch


def predict(model, x):
    for m in model.modules():
        m.training = False
    with torch.no_grad():
        logits = model(x)
    return logits.topk(1, dim=1).indices.squeeze(1)
