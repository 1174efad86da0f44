"""torch.set_grad_enabled(False) as a call, never undone: the caller loses autograd.

expect: fail test_test_loop_restores_grad_mode
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0.0, 0
    torch.set_grad_enabled(False)
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        pred = model(X)
        test_loss += loss_fn(pred, y).item()
        correct += (pred.argmax(1) == y).sum().item()
    test_loss /= num_batches
    correct /= size
    return correct, test_loss
