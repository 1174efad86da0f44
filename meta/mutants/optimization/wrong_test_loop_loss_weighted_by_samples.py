"""Weights each batch loss by its size: a mean over samples, not over batches.

expect: fail test_test_loop_avg_loss_is_mean_over_batches
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item() * len(X)
            correct += (pred.argmax(1) == y).sum().item()
    test_loss /= size
    correct /= size
    return correct, test_loss
