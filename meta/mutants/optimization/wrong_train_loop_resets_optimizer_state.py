"""Resets the optimizer's state at the start of every epoch ("a clean start", as for warm restarts):
momentum buffers and Adam's moments are lost between epochs. Plain SGD keeps no state, so it can't show.

expect: fail test_train_loop_second_epoch_matches_reference
"""
from collections import defaultdict

import torch


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    optimizer.state = defaultdict(dict)
    model.train()
    losses = []
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
