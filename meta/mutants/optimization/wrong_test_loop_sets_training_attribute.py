"""`model.training = False` instead of model.eval(): submodules stay in train mode.

expect: fail test_test_loop_runs_model_in_eval_mode
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.training = False
    test_loss, correct = 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).sum().item()
    test_loss /= num_batches
    correct /= size
    return correct, test_loss
