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
    scale = 5  # screen pixels per image pixel
    figure = Figure(figsize=(mosaic.shape[1] * scale / 100, mosaic.shape[0] * scale / 100), dpi=100)
    axes = figure.add_axes((0, 0, 1, 1))  # one image for the whole grid: fast to lay out and draw
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


def save_curves(
    history: Sequence[EpochResult],
    file: Path | BinaryIO,
    *,
    seed_run: Sequence[float] | None = None,
    seed_label: str = "",
) -> None:
    """A PNG of the loss (train and test) and the test accuracy per epoch; `seed_run`: accuracies to compare."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    epochs = range(1, len(history) + 1)
    figure = Figure(figsize=(9, 3.6), dpi=100)
    FigureCanvasAgg(figure)
    loss, accuracy = figure.subplots(1, 2)
    figure.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.91, wspace=0.22)  # fixed: a layout engine
    # would measure every label first, and take longer than drawing
    loss.plot(epochs, [r.train_loss for r in history], "o-", label="training (mean batch loss in the epoch)")
    loss.plot(epochs, [r.avg_loss for r in history], "s-", label="test (after the epoch)")
    loss.set(title="Loss (cross-entropy)", xlabel="epoch", ylabel="loss")
    if seed_run:  # drawn first: this run's line goes on top where they meet
        accuracy.plot(range(1, len(seed_run) + 1), [100 * a for a in seed_run], "x--", color="grey", label=seed_label)
    accuracy.plot(epochs, [100 * r.accuracy for r in history], "o-", color="tab:green", label="this run")
    accuracy.set(title="Test accuracy", xlabel="epoch", ylabel="accuracy (%)")
    last = max(len(history), len(seed_run or ()))
    for axes, corner in ((loss, "upper right"), (accuracy, "lower right")):  # where the curves are not, as a rule
        axes.set_xlim(0.5, last + 0.5)  # the same epochs on both panels
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # whole epochs only
        axes.grid(alpha=0.3)
        axes.legend(fontsize=8, loc=corner)
    figure.savefig(file, format="png")
