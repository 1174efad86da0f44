"""The tutorial's loops with `.cuda()` written in for the batches (real learners' code, made on a GPU machine):
on a machine without a CUDA GPU torch raises before the first batch.

mistake: hard_coded_cuda
page: optimization
expect: fail test_train_loop_returns_mean_of_batch_losses
"""

import torch


def train_loop(dataloader, model, loss_fn, optimizer):
    model.train()
    total = 0.0
    for X, y in dataloader:
        X, y = X.cuda(), y.cuda()
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(dataloader)


def test_loop(dataloader, model, loss_fn):
    model.eval()
    size, num_batches = len(dataloader.dataset), len(dataloader)
    test_loss, correct = 0.0, 0.0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to("cuda"), y.to("cuda")
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    return correct / size, test_loss / num_batches
