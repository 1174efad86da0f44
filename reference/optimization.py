"""Tutorial 1.8 Optimizing model parameters: the train and test loops, and the tutorial's 5-epoch recipe.

Devices: a loop puts each batch on the device of the model it is given. The tutorial's two ways meet
that as the tutorial runs them: 1.8's loops move nothing (model and data on the CPU), 1.2's move the
batches to a module-level `device`, the device the model was put on. (The spec runs a module that
defines a module-level `device` with the model on that device only.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, TensorDataset

# The tutorial's hyperparameters (1.8.2); the quickstart (1.2.3) uses the same ones.
LEARNING_RATE = 1e-3  # SGD step size: small, so 5 epochs reach only ~65 % test accuracy (the tutorial's table)
BATCH_SIZE = 64  # samples per optimizer step; the DataLoaders keep the files' order (no shuffle)
EPOCHS = 5  # passes over the 60,000 training images


def _device_of(model: nn.Module) -> torch.device:
    return next(model.parameters()).device


def train_loop(dataloader: DataLoader, model: nn.Module, loss_fn: nn.Module, optimizer: torch.optim.Optimizer) -> float:
    """One epoch in train mode over every batch (the last partial one too); returns the mean batch loss.

    Returning it is optional (the tutorial's train_loop returns None, and passes): handy for a curve.
    """
    device = _device_of(model)
    model.train()  # dropout / batch norm in training behaviour (and in every submodule)
    total, batches = 0.0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()  # gradients accumulate in .grad: clear the previous batch's
        loss.backward()
        optimizer.step()
        total += loss.item()  # a Python float: keeps no graph alive
        batches += 1
    return total / batches


def test_loop(dataloader: DataLoader, model: nn.Module, loss_fn: nn.Module) -> tuple[float, float]:
    """(accuracy in [0, 1] over the whole dataset, mean batch loss); eval mode, no tracking.

    The tutorial's test_loop returns None and prints them (`Accuracy: 65.8%, Avg loss: 1.074610`):
    that passes too, the spec reads the printout; returning them is handy for the caller.
    The model's mode afterwards is left open: eval (as here and in the tutorial) or the mode it came in.
    """
    device = _device_of(model)
    model.eval()
    total_loss, correct, batches = 0.0, 0, 0
    with torch.no_grad():  # restores the caller's grad mode on the way out
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)  # logits (B, 10)
            total_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).sum().item()
            batches += 1
    return correct / len(dataloader.dataset), total_loss / batches


test_loop.__test__ = False  # a tutorial name, not a pytest test


class EpochResult(NamedTuple):
    """What one epoch of `fit` measured."""

    accuracy: float  # test accuracy after the epoch, in [0, 1] (test_loop)
    avg_loss: float  # mean test batch loss after the epoch (test_loop)
    train_loss: float  # mean training batch loss during the epoch (train_loop)


def tensor_dataset(images: torch.Tensor, labels: torch.Tensor, *, device: str | torch.device = "cpu") -> TensorDataset:
    """uint8 images (N, 28, 28) and labels (N,) as the float dataset ToTensor would give, preloaded."""
    # (N, 28, 28) uint8 -> (N, 1, 28, 28) float32 in [0, 1]: bit for bit what ToTensor makes of each image.
    # Divided on the CPU, like ToTensor: CUDA's division rounds some quotients 1 ulp differently.
    return TensorDataset(images.float().div(255).unsqueeze(1).to(device), labels.to(device))


def fit(
    model: nn.Module,
    train_data: Dataset,
    test_data: Dataset,
    *,
    epochs: int = EPOCHS,
    batch_size: int = BATCH_SIZE,
    lr: float = LEARNING_RATE,
    train: Callable[..., float] = train_loop,
    test: Callable[..., tuple[float, float]] = test_loop,
) -> list[EpochResult]:
    """The tutorial's optimization loop (SGD, CrossEntropyLoss, no shuffle); one result per epoch.

    `train` and `test` are the loops to use (a learner's, in the spec). With preloaded tensors
    (`tensor_dataset`) the batches are those of the tutorial's ToTensor dataset, several times faster.
    """
    train_dataloader = DataLoader(train_data, batch_size=batch_size)  # no shuffle, as in the tutorial
    test_dataloader = DataLoader(test_data, batch_size=batch_size)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        train_loss = train(train_dataloader, model, loss_fn, optimizer)
        accuracy, avg_loss = test(test_dataloader, model, loss_fn)
        history.append(EpochResult(accuracy, avg_loss, train_loss))
    return history
