"""`model.training = True` instead of model.train(): submodules (Dropout) stay in eval mode.

expect: fail test_train_loop_puts_model_in_train_mode
expect: fail test_train_loop_matches_reference_epoch_with_dropout
"""


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.training = True
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
