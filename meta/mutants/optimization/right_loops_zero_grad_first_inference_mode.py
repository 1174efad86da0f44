"""zero_grad(set_to_none=False) at the top of each step; test_loop under torch.inference_mode().

expect: pass
"""
import torch

from reference import NeuralNetwork  # noqa: F401


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train(True)
    total = 0.0
    for X, y in dataloader:
        optimizer.zero_grad(set_to_none=False)
        loss = loss_fn(model(X.to(device)), y.to(device))
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(dataloader)


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.train(False)
    correct = torch.zeros((), dtype=torch.int64, device=device)
    total_loss = torch.zeros((), device=device)
    with torch.inference_mode():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            total_loss += loss_fn(logits, y)
            correct += (logits.argmax(dim=1) == y).sum()
    return correct.item() / len(dataloader.dataset), total_loss.item() / len(dataloader)
