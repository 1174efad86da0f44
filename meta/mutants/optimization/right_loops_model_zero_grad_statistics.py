"""model.zero_grad(), float(loss) kept in a list and averaged with statistics.mean; a no_grad decorator.

expect: pass
"""
import statistics

import torch

from reference import NeuralNetwork  # noqa: F401


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    batch_losses = []
    for inputs, targets in dataloader:
        inputs, targets = inputs.to(device), targets.to(device)
        model.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        batch_losses.append(float(loss))  # torch advises .detach() first (a warning), but the number is right
    return statistics.mean(batch_losses)


@torch.no_grad()
def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    batch_losses, hits, seen = [], 0, 0
    for inputs, targets in dataloader:
        inputs, targets = inputs.to(device), targets.to(device)
        outputs = model(inputs)
        batch_losses.append(loss_fn(outputs, targets).item())
        hits += int((outputs.argmax(-1) == targets).sum())
        seen += len(targets)
    return hits / seen, statistics.mean(batch_losses)
