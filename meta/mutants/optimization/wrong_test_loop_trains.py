"""Makes its own optimizer and keeps training on the test set.

expect: fail test_test_loop_leaves_parameters_and_gradients_untouched
"""
import torch


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0.0, 0
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        pred = model(X)
        loss = loss_fn(pred, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        test_loss += loss.item()
        correct += (pred.argmax(1) == y).sum().item()
    test_loss /= num_batches
    correct /= size
    return correct, test_loss
