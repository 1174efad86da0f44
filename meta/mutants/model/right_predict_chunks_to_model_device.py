"""set_grad_enabled(False) context, chunks of 4 concatenated, progress printed, moves x to the model device.

expect: pass
"""
import torch


def predict(model, x):
    model.eval()
    params = list(model.parameters())
    if params:
        x = x.to(params[0].device)
    out = []
    with torch.set_grad_enabled(False):
        for i, chunk in enumerate(torch.split(x, 4)):
            out.append(model(chunk).argmax(-1))
            print(f"batch {i}")
    return torch.cat(out).long()
