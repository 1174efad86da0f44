"""Re-batches dataloader.dataset with the tutorial's batch_size=64 instead of iterating the dataloader given.

expect: fail test_train_loop_uses_every_batch_including_last_partial_one
"""
from torch.utils.data import DataLoader

from reference import NeuralNetwork
from reference import test_loop  # noqa: F401  (so the convergence test runs this loop)

batch_size = 64


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    losses = []
    for X, y in DataLoader(dataloader.dataset, batch_size=batch_size):
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
