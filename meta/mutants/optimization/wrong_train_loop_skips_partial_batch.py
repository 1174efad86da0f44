"""Skips the last, partial batch.

expect: fail test_train_loop_uses_every_batch_including_last_partial_one
expect: fail test_train_loop_matches_reference_epoch
"""


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    total, batches = 0.0, 0
    for X, y in dataloader:
        if len(X) < dataloader.batch_size:
            continue
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
        batches += 1
    return total / batches
