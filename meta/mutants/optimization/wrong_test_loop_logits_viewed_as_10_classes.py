"""Reshapes the logits to (-1, 10): Fashion-MNIST's 10 classes hard-coded.

expect: fail test_test_loop_accepts_any_input_shape_and_number_of_classes
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    correct, total, batches = 0, 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X).view(-1, 10)
            total += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).sum().item()
            batches += 1
    return correct / len(dataloader.dataset), total / batches
