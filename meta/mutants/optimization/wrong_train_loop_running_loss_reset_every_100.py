"""Keeps a running loss for the printout every 100 batches and resets it (as the CIFAR tutorial does), then
returns it over the whole epoch's batch count: right only for epochs of at most 100 batches.

expect: fail test_train_loop_returns_mean_of_batch_losses_of_any_loader
"""
import torch


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    running_loss = 0.0
    for batch, (X, y) in enumerate(dataloader):
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
        if batch % 100 == 99:
            print(f"[{batch + 1}] loss: {running_loss / 100:.3f}")
            running_loss = 0.0
    return running_loss / len(dataloader)
