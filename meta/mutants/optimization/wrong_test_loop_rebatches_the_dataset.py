"""Re-batches dataloader.dataset by 64 instead of iterating the dataloader given (its batch size is lost).

expect: fail test_test_loop_sees_every_sample
"""
import torch
from torch.utils.data import DataLoader

from reference import NeuralNetwork
from reference import train_loop  # noqa: F401  (so the convergence test runs this loop)


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    loader = DataLoader(dataloader.dataset, batch_size=64)
    test_loss, correct = 0.0, 0
    with torch.no_grad():
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).sum().item()
    return correct / len(dataloader.dataset), test_loss / len(loader)
