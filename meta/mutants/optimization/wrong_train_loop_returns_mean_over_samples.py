"""Weights each batch loss by its size and divides by the dataset size.

expect: fail test_train_loop_returns_mean_of_batch_losses
expect: fail test_train_loop_matches_reference_epoch
"""


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    total, batches = 0.0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(X)
        batches += 1
    return total / len(dataloader.dataset)
