"""correct += (...).sum() without .item(): the accuracy comes back as a 0-dim tensor (a CUDA one on a GPU).

expect: fail test_test_loop_returns_two_python_floats
"""
import torch

from reference import NeuralNetwork
from reference import train_loop  # noqa: F401  (so the convergence test runs this loop)


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    test_loss, correct = 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum()
    return correct / len(dataloader.dataset), test_loss / len(dataloader)
