"""Skips a batch of one sample (BatchNorm raises on it in train mode), so a last batch of 1 is never trained on.

Only a loader whose last batch holds a single sample shows it (129 samples in batches of 64).

expect: fail test_train_loop_uses_every_batch_of_any_loader
"""
import torch


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    losses = []
    for X, y in dataloader:
        if len(X) < 2:  # "Expected more than 1 value per channel when training"
            continue
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
