"""Accuracy of each batch, averaged over the batches (the partial batch weighs too much).

expect: fail test_test_loop_accuracy_is_correct_over_dataset_size
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).float().mean().item()
    test_loss /= num_batches
    correct /= num_batches
    return correct, test_loss
