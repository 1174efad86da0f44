"""Divides the summed loss by ceil(len(dataset) / 64): the tutorial's batch size hard-coded.

expect: fail test_train_loop_returns_mean_of_batch_losses
"""
import math


def train_loop(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    device = next(model.parameters()).device
    model.train()
    total = 0.0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / math.ceil(size / 64)
