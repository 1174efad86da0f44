"""zero_grad once per epoch, before the batch loop: batch k's gradient holds every earlier batch's.

mistake: zero_grad
page: optimization
expect: fail test_train_loop_zeroes_gradients_each_step
"""


def train_loop(dataloader, model, loss_fn, optimizer):
    model.train()
    optimizer.zero_grad()
    losses = []
    for X, y in dataloader:
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
