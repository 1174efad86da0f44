"""Computes the accuracy and the loss, but neither returns nor prints them (the print line deleted).

issue 15: None is allowed when the tutorial's line is printed; with nothing reported the tests say so in
the spec's words (no "cannot unpack non-iterable NoneType").

expect: fail test_test_loop_accuracy_is_correct_over_dataset_size
expect: fail test_test_loop_matches_reference
"""
import torch


def test_loop(dataloader, model, loss_fn):
    model.eval()
    size, num_batches = len(dataloader.dataset), len(dataloader)
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= num_batches
    correct /= size
