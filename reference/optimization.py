"""Tutorial 1.8 Optimizing model parameters: the train and test loops."""

from __future__ import annotations

import torch
from torch import nn
from torch.utils.data import DataLoader


def _device_of(model: nn.Module) -> torch.device:
    return next(model.parameters()).device


def train_loop(dataloader: DataLoader, model: nn.Module, loss_fn: nn.Module, optimizer: torch.optim.Optimizer) -> float:
    """One epoch over every batch (the last partial one too); returns the mean batch loss."""
    device = _device_of(model)
    model.train()
    total, batches = 0.0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
        batches += 1
    return total / batches


def test_loop(dataloader: DataLoader, model: nn.Module, loss_fn: nn.Module) -> tuple[float, float]:
    """(accuracy in [0, 1] over the whole dataset, mean batch loss); eval mode, no tracking."""
    device = _device_of(model)
    model.eval()
    total_loss, correct, batches = 0.0, 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            total_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).sum().item()
            batches += 1
    return correct / len(dataloader.dataset), total_loss / batches


test_loop.__test__ = False  # a tutorial name, not a pytest test
