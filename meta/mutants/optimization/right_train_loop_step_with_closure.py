"""optimizer.step(closure): the closure zeroes the gradients, runs the batch forward and backward, returns the loss.

expect: pass
"""


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    losses = []
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)

        def closure():
            optimizer.zero_grad()
            loss = loss_fn(model(X), y)
            loss.backward()
            return loss

        losses.append(float(optimizer.step(closure)))
    return sum(losses) / len(losses)
