"""Losses summed as tensors (the graph kept alive till the end) and converted once; set_grad_enabled block.

expect: pass
"""
import torch

from reference import NeuralNetwork  # noqa: F401


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    total, n = 0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total = total + loss  # wasteful (keeps every batch's graph), but the same number
        n += 1
    return (total / n).item()


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    losses, correct = [], 0
    with torch.set_grad_enabled(False):
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            losses.append(loss_fn(pred, y))
            correct += (pred.argmax(1) == y).sum().item()
    return correct / len(dataloader.dataset), torch.stack(losses).mean().item()
