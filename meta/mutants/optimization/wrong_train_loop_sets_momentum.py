""""Improves" the optimizer it is given: turns on momentum 0.9 in every parameter group (the page mentions
better optimizers). The caller's optimizer must be used as given.

expect: fail test_train_loop_second_epoch_matches_reference
"""
import torch


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    for group in optimizer.param_groups:
        if "momentum" in group and group["momentum"] == 0:
            group["momentum"] = 0.9
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
