"""Reads len(dataloader.dataset) once, at the first call, and keeps it in a module-level variable: right for
every later loader of the same size only.

expect: fail test_test_loop_second_call_matches_reference
"""
import torch

size = None


def test_loop(dataloader, model, loss_fn):
    global size
    if size is None:
        size = len(dataloader.dataset)
    device = next(model.parameters()).device
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).sum().item()
    return correct / size, loss / len(dataloader)
