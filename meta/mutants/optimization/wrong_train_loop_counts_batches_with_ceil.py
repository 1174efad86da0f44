"""Counts the batches as ceil(len(dataset) / batch_size): one too many when the loader drops the last one.

Equal to len(dataloader) unless drop_last=True.

expect: fail test_train_loop_returns_mean_of_batch_losses_of_any_loader
"""
import math

import torch


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    num_batches = math.ceil(len(dataloader.dataset) / dataloader.batch_size)
    model.train()
    total = 0.0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / num_batches
