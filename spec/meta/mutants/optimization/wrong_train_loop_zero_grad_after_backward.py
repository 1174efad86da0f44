"""zero_grad between backward and step: the step finds no gradient.

expect: fail test_train_loop_has_gradients_at_each_step
"""


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    total, batches = 0.0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        total += loss.item()
        batches += 1
    return total / batches
