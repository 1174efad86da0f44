"""Flattens each batch to (N, 784) before the model: only 28x28 images work.

expect: fail test_test_loop_accepts_any_input_shape_and_number_of_classes
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    correct, total, batches = 0, 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device).reshape(-1, 784), y.to(device)
            pred = model(X)
            total += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).sum().item()
            batches += 1
    return correct / len(dataloader.dataset), total / batches
