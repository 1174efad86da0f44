"""Both loops put the model back in the mode the caller had (try/finally), zero_grad after step (today's tutorial order).

expect: pass
"""
import torch

from reference import NeuralNetwork  # noqa: F401  (so the convergence test runs these loops)


def train_loop(dataloader, model, loss_fn, optimizer):
    was_training = model.training
    device = next(model.parameters()).device
    model.train()
    try:
        losses = []
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            loss = loss_fn(model(X), y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            losses.append(loss.item())
        return sum(losses) / len(losses)
    finally:
        model.train(was_training)


def test_loop(dataloader, model, loss_fn):
    was_training = model.training
    device = next(model.parameters()).device
    model.eval()
    try:
        test_loss, correct = 0.0, 0
        with torch.no_grad():
            for X, y in dataloader:
                X, y = X.to(device), y.to(device)
                pred = model(X)
                test_loss += loss_fn(pred, y).item()
                correct += (pred.argmax(1) == y).sum().item()
        return correct / len(dataloader.dataset), test_loss / len(dataloader)
    finally:
        model.train(was_training)
