"""Turns requires_grad off during evaluation (besides torch.no_grad()) and gives every parameter its own
flag back afterwards: the caller's frozen layers stay frozen, the rest trainable.

expect: pass
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    flags = [p.requires_grad for p in model.parameters()]
    model.requires_grad_(False)
    model.eval()
    loss, correct = 0.0, 0
    try:
        with torch.no_grad():
            for X, y in dataloader:
                X, y = X.to(device), y.to(device)
                pred = model(X)
                loss += loss_fn(pred, y).item()
                correct += (pred.argmax(1) == y).sum().item()
    finally:
        for p, flag in zip(model.parameters(), flags):
            p.requires_grad_(flag)
    return correct / len(dataloader.dataset), loss / len(dataloader)
