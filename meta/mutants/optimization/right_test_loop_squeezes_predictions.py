"""Squeezes the model's output "to drop extra dimensions": a last batch of one sample becomes shape (10,).

Written as a wrong file for the last-batch-of-one loader; it is right: CrossEntropyLoss takes an unbatched
(10,) input with a (1,) target as the same loss, and argmax(-1) works on both shapes. Kept so the spec's
strictness about shapes cannot over-reject it.

expect: pass
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X).squeeze()
            loss += loss_fn(pred, y).item()
            correct += (pred.argmax(-1) == y).sum().item()
    return correct / len(dataloader.dataset), loss / len(dataloader)
