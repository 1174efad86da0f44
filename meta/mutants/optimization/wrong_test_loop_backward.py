"""Body copied from train_loop without no_grad: loss.backward() fills .grad during evaluation.

expect: fail test_test_loop_leaves_parameters_and_gradients_untouched
expect: fail test_test_loop_runs_forward_without_grad_tracking
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0.0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        pred = model(X)
        loss = loss_fn(pred, y)
        loss.backward()
        test_loss += loss.item()
        correct += (pred.argmax(1) == y).sum().item()
    test_loss /= num_batches
    correct /= size
    return correct, test_loss
