"""Flattens each batch to (N, 784) before the model: only 28x28 images work.

expect: fail test_train_loop_accepts_any_input_shape_and_number_of_classes
"""


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    total, batches = 0.0, 0
    for X, y in dataloader:
        X, y = X.to(device).view(-1, 28 * 28), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
        batches += 1
    return total / batches
