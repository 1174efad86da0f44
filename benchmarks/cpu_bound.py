"""Where the published loop's time goes on a CPU, and how much faster the preloaded path can possibly be.

    python benchmarks/cpu_bound.py [--threads N] [--steps 100] [--rounds 7]

Interleaves, round by round (so a noisy machine slows all alike), over the same batches:
  pipeline  the published input pipeline alone: DataLoader over torchvision FashionMNIST + ToTensor
  (a)       the published loop: that pipeline + train_loop
  (b)       the preloaded path: fast.train_tensors (same steps, same SGD)
  gemms     just the 8 matrix products of a training step (3 forward, 5 backward), same shapes
(a) costs about pipeline + step, (b) about a step; a step can be no faster than its gemms, so
(b)/(a) can reach at most (pipeline + gemms) / gemms on this machine and thread count.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # a script: find the repository's packages

from reference.fashion_mnist import files as data_files
from reference.model import NeuralNetwork
from reference.optimization import BATCH_SIZE, LEARNING_RATE, train_loop
from reference.quickstart import fast


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=max(1, (torch.get_num_threads() + 1) // 2))
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    root = data_files.find_root()  # real data: this is about the published pipeline's real cost
    train_set = fast.tutorial_datasets(root)[0]
    loader = DataLoader(Subset(train_set, range(args.steps * BATCH_SIZE)), batch_size=BATCH_SIZE)
    images, labels = fast.preload("preloaded", root, train=True, device="cpu")
    B = BATCH_SIZE
    shapes = [
        ((B, 784), (784, 512)),
        ((B, 512), (512, 512)),
        ((B, 512), (512, 10)),  # forward
        ((10, B), (B, 512)),
        ((B, 10), (10, 512)),
        ((512, B), (B, 512)),
        ((B, 512), (512, 512)),  # backward
        ((512, B), (B, 784)),
    ]
    operands = [(torch.rand(a), torch.rand(b)) for a, b in shapes]

    def fresh() -> tuple:
        torch.manual_seed(0)
        model = NeuralNetwork()
        return model, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)

    def pipeline() -> None:
        for _ in loader:
            pass

    def tutorial() -> None:
        train_loop(loader, *fresh())

    def preloaded() -> None:
        fast.train_tensors(fast.TrainStep(*fresh()), images, labels, steps=args.steps)

    def gemms() -> None:
        for _ in range(args.steps):
            for a, b in operands:
                torch.mm(a, b)

    runs = {"pipeline": pipeline, "(a) tutorial": tutorial, "(b) preloaded": preloaded, "gemms": gemms}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(args.rounds + 1):  # round 0 warms up
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            if round_:
                times[name].append((time.perf_counter() - start) / args.steps * 1e3)  # ms per batch
    print(
        f"torch {torch.__version__}, {args.threads} thread(s), {args.steps} batches of {B}, "
        f"{args.rounds} rounds (ms per batch: median, best)"
    )
    best = {name: min(t) for name, t in times.items()}
    for name, t in times.items():
        print(
            f"  {name:<14} {statistics.median(t):7.3f} {min(t):7.3f}   {B / statistics.median(t) * 1e3:9,.0f} samples/s"
        )
    ratio = statistics.median(times["(a) tutorial"]) / statistics.median(times["(b) preloaded"])
    print(f"(b)/(a): {ratio:.2f}x (median), {best['(a) tutorial'] / best['(b) preloaded']:.2f}x (best rounds)")
    print(
        f"ceiling (pipeline + gemms) / gemms: {(best['pipeline'] + best['gemms']) / best['gemms']:.2f}x (best rounds)"
    )


if __name__ == "__main__":
    main()
