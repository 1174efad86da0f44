"""The 2021 quickstart's network (a ReLU after the last Linear: logits can't go negative) with right loops.

issue 15: the bug is on page 1.6; the loops are right. The learner's NeuralNetwork fails the convergence
test that uses the reference's loops, and no loop test fails (the loops are checked with the reference's
model): the runner's outcome for this file lists only the NeuralNetwork test as failed.

expect: fail test_neural_network_learns_with_the_reference_loops
"""
import torch
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512), nn.ReLU(),
            nn.Linear(512, 512), nn.ReLU(),
            nn.Linear(512, 10), nn.ReLU(),
        )

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))


def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    losses = []
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)


def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).sum().item()
    return correct / len(dataloader.dataset), loss / len(dataloader)
