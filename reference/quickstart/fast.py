"""The tutorial's training recipe (1.2.3, 1.8) four ways, same math: from the published loop to CUDA graphs.

Every path trains the same model on the same batches, in the same order (no shuffle), with the same
loss and the same `torch.optim.SGD`; after the same steps the parameters agree with the published
loop's (spec/pages/test_benchmarks.py checks it). Only the time spent around the arithmetic changes:

    tutorial   the published loop: torchvision FashionMNIST + ToTensor per sample, DataLoader, train_loop
    preloaded  all images converted to float once, in CPU memory; batches are slices (copied to a GPU)
    device     preloaded, with the whole data set resident on the GPU: no copy from the host per batch
    graphed    device, with each training step captured once as a CUDA graph and replayed

Throughput and time-to-accuracy numbers: BENCHMARKS.md.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader

from reference.fashion_mnist import files as data_files
from reference.optimization import BATCH_SIZE, EPOCHS, LEARNING_RATE, EpochResult, tensor_dataset, test_loop, train_loop

PATHS = ("tutorial", "preloaded", "device", "graphed")  # slowest first
CUDA_PATHS = ("device", "graphed")  # need the data on a CUDA device
EVAL_CHUNK = 10_000  # test images per forward pass when evaluating preloaded tensors
CUDA_CHECK_EVERY = 50  # on a GPU, batches between divergence checks: each check waits for the GPU

Progress = Callable[[Iterable[Any]], Iterable[Any]]  # wraps an iterable, e.g. tqdm


def default_threads() -> int:
    """Intra-op CPU threads: half the cores, at least 1.

    A batch-64 MLP step gains little from more; on the 2-vCPU boxes we test on, 2 threads make it
    several times slower than 1 (the two threads fight the rest of the process for the same cores).
    """
    return max(1, (os.cpu_count() or 1) // 2)


def default_path(device: str | torch.device) -> str:
    """The fastest path for a device: "graphed" on CUDA, "preloaded" on the CPU."""
    return "graphed" if torch.device(device).type == "cuda" else "preloaded"


def check_path(path: str, device: str | torch.device) -> None:
    """Raise ValueError for an unknown path, or a CUDA path on a CPU device."""
    if path not in PATHS:
        raise ValueError(f"unknown training path {path!r}: expected one of {', '.join(PATHS)}")
    if path in CUDA_PATHS and torch.device(device).type != "cuda":
        raise ValueError(f"the {path!r} path keeps the data on a CUDA device, but the device is {device}")


def preload(
    path: str, root: str | Path | None, *, train: bool, device: str | torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    """Images float32 (N, 1, 28, 28) in [0, 1] and labels int64 (N,), read from `root` once, placed for `path`.

    On the GPU itself for the CUDA paths; else in CPU memory, pinned when the model is on a GPU, so
    each batch's copy can run asynchronously.
    """
    images, labels = data_files.load_tensors(train, root=root)  # uint8 (N, 28, 28), int64 (N,)
    # Converted on the CPU: bit for bit ToTensor's values (CUDA divides by a scalar as x * (1/255)).
    x, y = tensor_dataset(images, labels).tensors
    if path in CUDA_PATHS:
        return x.to(device), y.to(device)
    if torch.device(device).type == "cuda":
        return x.pin_memory(), y.pin_memory()
    return x, y


class Diverged(ArithmeticError):
    """The training loss stopped being finite: SGD diverged (a learning rate too large, as a rule)."""

    def __init__(self, batch: int, batches: int, loss: float, epoch: int = 0) -> None:
        super().__init__(batch, batches, loss, epoch)
        self.batch, self.batches, self.loss, self.epoch = batch, batches, loss, epoch  # batch, epoch: 1-based

    def __str__(self) -> str:
        return f"the training loss is {self.loss} at epoch {self.epoch}, batch {self.batch} of {self.batches}"


class TrainStep:
    """One eager training step on a batch: forward, loss, backward, optimizer step.

    `loss_sum` adds up the batch losses on the model's device, so that no step waits for the GPU
    (the tutorial's `loss.item()` would). `finite_batches` counts the batches before the sum first
    stops being finite, also on the device: the first bad batch is found without a wait per step.
    """

    def __init__(self, model: nn.Module, loss_fn: nn.Module, optimizer: torch.optim.Optimizer) -> None:
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        self.device = next(model.parameters()).device
        self.loss_sum = torch.zeros((), device=self.device)
        self.finite_batches = torch.zeros((), dtype=torch.int64, device=self.device)

    def __call__(self, x: torch.Tensor, y: torch.Tensor) -> None:
        x, y = x.to(self.device, non_blocking=True), y.to(self.device, non_blocking=True)  # no-op when there
        loss = self.loss_fn(self.model(x), y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        self.loss_sum += loss.detach()
        self.finite_batches += self.loss_sum.isfinite()  # a sum stays inf or nan once one loss is


class GraphedTrainStep(TrainStep):
    """The same step, captured as a CUDA graph once per batch size and replayed for every batch.

    A replay launches the step's ~20 kernels with one call, from static input buffers the batch is
    copied into. Parameters, gradients and `loss_sum` are updated in place exactly as the eager step
    updates them (https://pytorch.org/docs/stable/notes/cuda.html#whole-network-capture).
    """

    WARMUP_STEPS = 3  # eager steps before capture: cuBLAS handles and workspaces get created outside it

    def __init__(self, model: nn.Module, loss_fn: nn.Module, optimizer: torch.optim.Optimizer) -> None:
        super().__init__(model, loss_fn, optimizer)
        self.stream = torch.cuda.Stream(self.device)  # warm-up and capture run on this one stream
        self.graphs: dict[int, tuple[torch.cuda.CUDAGraph, torch.Tensor, torch.Tensor]] = {}

    def __call__(self, x: torch.Tensor, y: torch.Tensor) -> None:
        self.capture(x, y)  # the full batches' graph, then the epoch's last, smaller batch's
        graph, static_x, static_y = self.graphs[len(x)]
        static_x.copy_(x)
        static_y.copy_(y)
        graph.replay()

    def capture(self, x: torch.Tensor, y: torch.Tensor) -> None:
        """Capture the step for batches of len(x) unless done; leaves the parameters as they were."""
        if len(x) not in self.graphs:
            self.graphs[len(x)] = self._capture(x.to(self.device), y.to(self.device))

    def _capture(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.cuda.CUDAGraph, torch.Tensor, torch.Tensor]:
        params = [p for group in self.optimizer.param_groups for p in group["params"]]
        saved = [p.detach().clone() for p in params]  # the warm-up steps train the model: undone below
        static_x, static_y = x.clone(), y.clone()
        self.stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(self.stream):
            for _ in range(self.WARMUP_STEPS):
                self.optimizer.zero_grad(set_to_none=True)
                self.loss_fn(self.model(static_x), static_y).backward()
                self.optimizer.step()
        torch.cuda.current_stream().wait_stream(self.stream)
        # No .grad before capture: backward then allocates the gradients from the graph's private
        # memory pool, and every replay writes them there (instead of adding to stale ones).
        self.optimizer.zero_grad(set_to_none=True)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph, stream=self.stream):  # records the kernels; runs none of them
            loss = self.loss_fn(self.model(static_x), static_y)
            loss.backward()
            self.optimizer.step()
            self.loss_sum += loss.detach()
            self.finite_batches += self.loss_sum.isfinite()
        with torch.no_grad():
            for p, before in zip(params, saved):
                p.copy_(before)
        return graph, static_x, static_y


def train_tensors(
    step: TrainStep,
    images: torch.Tensor,
    labels: torch.Tensor,
    *,
    batch_size: int = BATCH_SIZE,
    steps: int | None = None,
    progress: Progress | None = None,
) -> float:
    """One epoch (or its first `steps` batches) over preloaded tensors; returns the mean batch loss.

    Raises Diverged as soon as the loss stops being finite: after that batch on the CPU, within
    CUDA_CHECK_EVERY batches on a GPU (the error still names the first bad batch).
    """
    step.model.train()
    step.loss_sum.zero_()
    step.finite_batches.zero_()
    starts = range(0, len(images), batch_size)[:steps]  # the DataLoader's batches: in order, last one partial
    check_every = 1 if step.device.type == "cpu" else CUDA_CHECK_EVERY
    for i, start in enumerate(progress(starts) if progress else starts, start=1):
        step(images[start : start + batch_size], labels[start : start + batch_size])
        if (i % check_every == 0 or i == len(starts)) and not step.loss_sum.isfinite():
            raise Diverged(int(step.finite_batches) + 1, len(starts), step.loss_sum.item())
    return step.loss_sum.item() / len(starts)


class CheckedLoss(nn.Module):
    """A loss function that raises Diverged at the first non-finite batch loss (the tutorial path's:
    its train_loop waits for each loss anyway, with `loss.item()`)."""

    def __init__(self, loss_fn: nn.Module, batches: int) -> None:
        super().__init__()
        self.loss_fn, self.batches, self.batch = loss_fn, batches, 0  # batches per epoch; reset self.batch

    def forward(self, pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        loss = self.loss_fn(pred, y)
        self.batch += 1
        if not loss.isfinite():  # before backward: the bad step is never taken
            raise Diverged(self.batch, self.batches, loss.item())
        return loss


def evaluate(
    model: nn.Module, images: torch.Tensor, labels: torch.Tensor, *, batch_size: int = BATCH_SIZE
) -> tuple[float, float]:
    """test_loop's (accuracy, mean batch loss) over preloaded tensors, a few large forward passes."""
    device = next(model.parameters()).device
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(images[i : i + EVAL_CHUNK].to(device)) for i in range(0, len(images), EVAL_CHUNK)])
        labels = labels.to(device)
        losses = F.cross_entropy(logits, labels, reduction="none")  # (N,)
        correct = (logits.argmax(1) == labels).sum()
    # test_loop averages the batch means: the last, partial batch weighs as much as a full one.
    full = len(losses) // batch_size * batch_size
    batch_means = losses[:full].view(-1, batch_size).mean(1)  # (N // batch_size,)
    if full < len(losses):
        batch_means = torch.cat([batch_means, losses[full:].mean().view(1)])
    return correct.item() / len(labels), batch_means.mean().item()


def tutorial_datasets(root: str | Path | None) -> tuple[Any, Any]:
    """The published pipeline's training and test sets: torchvision FashionMNIST with ToTensor."""
    from torchvision.transforms import ToTensor  # here only, as the data page's module: ~1.5 s (torch._dynamo)

    from reference import data

    return (
        data.fashion_mnist(True, root=root, transform=ToTensor()),
        data.fashion_mnist(False, root=root, transform=ToTensor()),
    )


def recipe(
    path: str,
    model: nn.Module,
    root: str | Path | None = None,
    *,
    epochs: int = EPOCHS,
    batch_size: int = BATCH_SIZE,
    lr: float = LEARNING_RATE,
    progress: Progress | None = None,
    on_epoch: Callable[[int, EpochResult, float], None] | None = None,
) -> list[EpochResult]:
    """The tutorial's training (SGD, CrossEntropyLoss, test after each epoch) by one of PATHS.

    `model` is trained in place on its own device; `root` holds the Fashion-MNIST files.
    `on_epoch(epoch, result, seconds)` is called after each epoch (1-based) with its wall time.
    Raises Diverged (naming the epoch and batch) as soon as the training loss stops being finite.
    """
    device = next(model.parameters()).device
    check_path(path, device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    if path == "tutorial":
        train_set, test_set = tutorial_datasets(root)
        train_dataloader = DataLoader(train_set, batch_size=batch_size)  # no shuffle, as published
        test_dataloader = DataLoader(test_set, batch_size=batch_size)

        checked_loss = CheckedLoss(loss_fn, len(train_dataloader))

        def train_epoch() -> float:
            checked_loss.batch = 0
            batches = progress(train_dataloader) if progress else train_dataloader
            return train_loop(batches, model, checked_loss, optimizer)

        def test_epoch() -> tuple[float, float]:
            return test_loop(test_dataloader, model, loss_fn)
    else:
        x_train, y_train = preload(path, root, train=True, device=device)
        x_test, y_test = preload(path, root, train=False, device=device)
        step = (GraphedTrainStep if path == "graphed" else TrainStep)(model, loss_fn, optimizer)

        def train_epoch() -> float:
            return train_tensors(step, x_train, y_train, batch_size=batch_size, progress=progress)

        def test_epoch() -> tuple[float, float]:
            return evaluate(model, x_test, y_test, batch_size=batch_size)

    history = []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        try:
            train_loss = train_epoch()
        except Diverged as exc:
            exc.epoch = epoch
            raise
        accuracy, avg_loss = test_epoch()  # .item() inside: the GPU has finished the epoch
        history.append(EpochResult(accuracy, avg_loss, train_loss))
        if on_epoch is not None:
            on_epoch(epoch, history[-1], time.perf_counter() - start)
    return history
