"""The quickstart's two pictures: the first test images with their predictions, and the training curves.

matplotlib's object API with the Agg canvas: no pyplot, so no global backend and no window.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import torch

from reference.data import labels_map
from reference.optimization import EpochResult


def save_grid(images: torch.Tensor, predicted: list[int], actual: list[int], file: Path | BinaryIO) -> None:
    """A PNG of (N, 1, 28, 28) images in a 4-wide grid, each titled `predicted (true)`, mistakes in red."""
    from matplotlib.figure import Figure  # no pyplot: no global backend, no window

    cols, side, gap, band = 4, 28, 4, 9  # pixels: image, space between images, title band above each
    rows = -(-len(images) // cols)
    mosaic = torch.zeros(rows * (band + side + gap), cols * (side + gap))  # black background, grey images
    for i, image in enumerate(images.cpu()):
        top, left = (i // cols) * (band + side + gap) + band, (i % cols) * (side + gap) + gap // 2
        mosaic[top : top + side, left : left + side] = image.squeeze(0)
    scale, header = 5, 30  # screen pixels per image pixel; screen pixels of the "11 of 16 right" line on top
    width, height = mosaic.shape[1] * scale, mosaic.shape[0] * scale + header
    figure = Figure(figsize=(width / 100, height / 100), dpi=100, facecolor="black")
    axes = figure.add_axes((0, 0, 1, 1 - header / height))  # one image for the whole grid: fast to lay out and draw
    right = sum(p == a for p, a in zip(predicted, actual))
    figure.text(0.5, 1 - header / 2 / height, f"{right} of {len(predicted)} right", ha="center", va="center",
                color="white", fontsize=11)  # fmt: skip
    axes.imshow(mosaic.numpy(), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    axes.axis("off")
    for i in range(len(images)):
        x, y = (i % cols) * (side + gap) + gap / 2 + side / 2, (i // cols) * (band + side + gap) + band - 1
        axes.text(
            x,
            y,
            f"{labels_map[predicted[i]]}\n(true: {labels_map[actual[i]]})",
            ha="center",
            va="bottom",
            fontsize=8,
            color="limegreen" if predicted[i] == actual[i] else "red",
        )
    figure.savefig(file, format="png")


def is_seed_run(history: Sequence[EpochResult], seed_run: Sequence[float]) -> bool:
    """Whether the run's test accuracies are the seed run's, epoch by epoch, to the 4 digits the seed run records."""
    return len(history) == len(seed_run) and all(abs(r.accuracy - a) <= 5e-5 for r, a in zip(history, seed_run))


def save_curves(
    history: Sequence[EpochResult],
    file: Path | BinaryIO,
    *,
    seed_run: Sequence[float] | None = None,
    seed_label: str = "",
    title: str = "",
) -> None:
    """A PNG of the loss (train and test) and the test accuracy per epoch; `seed_run`: accuracies to compare.

    Where this run is the seed run (its accuracies are `seed_run`'s, to the 4 digits recorded), one line is drawn,
    labelled as both: a grey line exactly under this run's would say nothing and still take a legend entry.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    epochs = range(1, len(history) + 1)
    figure = Figure(figsize=(9, 3.6), dpi=100)
    FigureCanvasAgg(figure)
    loss, accuracy = figure.subplots(1, 2)
    figure.subplots_adjust(
        left=0.07, right=0.98, bottom=0.14, top=0.84 if title else 0.91, wspace=0.22
    )  # fixed: a layout engine
    # would measure every label first, and take longer than drawing
    loss.plot(epochs, [r.train_loss for r in history], "o-", label="training (mean batch loss in the epoch)")
    loss.plot(epochs, [r.avg_loss for r in history], "s-", label="test (after the epoch)")
    loss.set(title="Loss (cross-entropy)", xlabel="epoch", ylabel="loss")
    same = seed_run is not None and is_seed_run(history, seed_run)
    if seed_run and not same:  # drawn first: this run's line goes on top where they meet
        accuracy.plot(range(1, len(seed_run) + 1), [100 * a for a in seed_run], "x--", color="grey", label=seed_label)
    label = f"this run = the {seed_label}" if same else "this run"
    accuracy.plot(epochs, [100 * r.accuracy for r in history], "o-", color="tab:green", label=label)
    # 0-100 %: an accuracy's whole scale, so a run at 65 % does not look near 100 % or near nothing
    accuracy.set(title="Test accuracy", xlabel="epoch", ylabel="accuracy (%)", ylim=(0, 100))
    if title:
        figure.suptitle(title, fontsize=10)
    last = max(len(history), len(seed_run or ()))
    for axes, corner in ((loss, "upper right"), (accuracy, "lower right")):  # where the curves are not, as a rule
        axes.set_xlim(0.5, last + 0.5)  # the same epochs on both panels
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # whole epochs only
        axes.grid(alpha=0.3)
        axes.legend(fontsize=8, loc=corner)
    figure.savefig(file, format="png")
