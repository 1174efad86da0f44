"""avg_loss over ceil(len(dataset) / batch_size) batches: one too many when the loader drops the last one.

expect: fail test_test_loop_sees_every_sample_of_any_loader
"""
import math

import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    num_batches = math.ceil(len(dataloader.dataset) / dataloader.batch_size)
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).sum().item()
    return correct / len(dataloader.dataset), loss / num_batches
