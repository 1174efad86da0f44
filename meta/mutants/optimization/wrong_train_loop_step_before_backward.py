"""optimizer.step() before loss.backward(): the step finds no gradient.

expect: fail test_train_loop_has_gradients_at_each_step
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
        optimizer.zero_grad()
        optimizer.step()
        loss.backward()
        total += loss.item()
        batches += 1
    return total / batches
