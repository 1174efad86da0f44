"""Forgets torch.no_grad(): every forward builds a graph.

expect: fail test_test_loop_runs_forward_without_grad_tracking
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0.0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        pred = model(X)
        test_loss += loss_fn(pred, y).item()
        correct += (pred.argmax(1) == y).sum().item()
    test_loss /= num_batches
    correct /= size
    return correct, test_loss
