"""Turns off requires_grad on every parameter "for a faster evaluation", besides torch.no_grad(), and never
turns it back on: the next train_loop's backward finds nothing to differentiate.

expect: fail test_test_loop_leaves_requires_grad_as_it_was
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    model.requires_grad_(False)
    loss, correct = 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).sum().item()
    return correct / len(dataloader.dataset), loss / len(dataloader)
