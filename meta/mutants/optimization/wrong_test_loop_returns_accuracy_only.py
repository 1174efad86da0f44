"""Returns the accuracy alone, not the pair (accuracy, avg_loss).

issue 15: reported as `test_loop(...)=0.66..., but should be the pair (accuracy, avg_loss)`, not a
TypeError from unpacking inside the spec.

expect: fail test_test_loop_accuracy_is_correct_over_dataset_size
expect: fail test_test_loop_returns_two_python_floats
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    correct = 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            correct += (model(X).argmax(1) == y).sum().item()
    return correct / len(dataloader.dataset)
