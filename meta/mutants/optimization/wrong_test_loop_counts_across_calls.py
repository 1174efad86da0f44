"""Counts correct predictions in a module-level total (to report a cumulative accuracy): the second call's
accuracy mixes both calls.

expect: fail test_test_loop_second_call_matches_reference
"""
import torch

seen = {"correct": 0}


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    loss = 0.0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            loss += loss_fn(pred, y).item()
            seen["correct"] += (pred.argmax(1) == y).sum().item()
    return seen["correct"] / len(dataloader.dataset), loss / len(dataloader)
