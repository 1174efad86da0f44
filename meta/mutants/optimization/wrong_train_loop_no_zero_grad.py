"""No optimizer.zero_grad(): every step uses the sum of all gradients so far.

expect: fail test_train_loop_zeroes_gradients_each_step
expect: fail test_train_loop_matches_reference_epoch
expect: fail test_loops_train_the_reference_model
"""
from reference import NeuralNetwork
from reference import test_loop  # noqa: F401  (so the convergence test trains with this loop)


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    total, batches = 0.0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        total += loss.item()
        batches += 1
    return total / batches
