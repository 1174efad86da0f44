"""Sums the loss tensors and returns a tensor (with its graph), not a float.

expect: fail test_train_loop_returns_mean_of_batch_losses
"""


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    total, batches = 0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total = total + loss
        batches += 1
    return total / batches
