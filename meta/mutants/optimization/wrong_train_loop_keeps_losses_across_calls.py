"""Collects the batch losses in a module-level list that is never cleared: the second epoch's mean
includes the first epoch's losses (a running total across epochs).

expect: fail test_train_loop_second_epoch_matches_reference
"""
import torch

losses = []


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
