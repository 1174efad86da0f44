"""Divides the summed test loss by ceil(len(dataset) / 64): the tutorial's batch size hard-coded.

expect: fail test_test_loop_avg_loss_is_mean_over_batches
"""
import math

import torch


def test_loop(dataloader, model, loss_fn):
    size = len(dataloader.dataset)
    device = next(model.parameters()).device
    model.eval()
    test_loss, correct = 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).sum().item()
    return correct / size, test_loss / math.ceil(size / 64)
