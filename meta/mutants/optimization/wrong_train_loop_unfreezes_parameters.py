"""Makes sure every parameter "can learn" with model.requires_grad_(True): a layer the caller froze
(fine-tuning, 1.7.3) is trained anyway.

expect: fail test_train_loop_leaves_frozen_layers_frozen
"""
import torch


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    model.requires_grad_(True)
    losses = []
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
