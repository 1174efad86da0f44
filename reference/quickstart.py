"""Tutorial 1.2 Quickstart as one command: data, model, 5 epochs, save, ONNX, predictions.

    python -m reference.quickstart                 # real Fashion-MNIST if found, else the synthetic set
    python -m reference.quickstart --path tutorial # the published DataLoader loop, same numbers, slower

Writes to --out: model.pth (state_dict), model.onnx, predictions.png (the first test images with
predicted and true labels) and metrics.json (per-epoch accuracy and loss, data source, device,
timings, ONNX parity). Errors are one line on stderr: exit status 2 for what the user can fix
(no data under --data-root, an unusable --device), 1 when onnxruntime disagrees with torch.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import torch
from torch import nn

from reference import data_files, fast, synthetic
from reference.data import labels_map
from reference.model import NeuralNetwork, get_device, predict
from reference.optimization import BATCH_SIZE, EPOCHS, LEARNING_RATE, EpochResult, tensor_dataset
from reference.persistence import export_onnx, onnx_predict, save_weights

PREDICTED_IMAGES = 16  # first test images predicted and drawn (a 4 x 4 grid)
ONNX_ATOL = 1e-4  # largest |torch - onnxruntime| logit difference accepted (float32, 3 small matmuls)
PROG = "python -m reference.quickstart"


class QuickstartError(Exception):
    """A problem reported as one line: exit status 2 (the user can fix it: no data, bad device) or 1."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line; argparse itself reports malformed options (usage, then the error; status 2)."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--epochs", type=int, default=EPOCHS, help="passes over the training set. Default: %(default)r")
    add("--batch-size", type=int, default=BATCH_SIZE, help="samples per SGD step. Default: %(default)r")
    add("--lr", type=float, default=LEARNING_RATE, help="SGD learning rate. Default: %(default)r")
    add("--data-root", default=None, help="directory with the Fashion-MNIST files (must exist when given). "
        "Default: FASHION_MNIST_ROOT or the Debian package, else the synthetic set")
    add("--synthetic", action="store_true", help="train on the synthetic stand-in even if the real data is there")
    add("--device", default="auto", help="cpu, cuda, cuda:1, ... or auto (cuda when available). Default: %(default)r")
    add("--path", default="auto", choices=("auto", *fast.PATHS),
        help="how to feed the training (reference/fast.py); auto: graphed on cuda, preloaded on cpu. Default: %(default)r")
    add("--out", default="out", help="directory for the model, ONNX file, image grid and metrics. Default: %(default)r")
    add("--threads", type=int, default=fast.default_threads(), help="torch intra-op CPU threads. Default: %(default)r")
    add("--seed", type=int, default=0, help="seeds the model's initial weights (and the synthetic set). Default: %(default)r")
    add("--no-onnx", action="store_true", help="skip the ONNX export and the onnxruntime parity check")
    add("--no-progress", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    for name in ("epochs", "batch_size", "threads"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1, got {getattr(args, name)}")
    if not args.lr > 0:
        parser.error(f"--lr must be positive, got {args.lr}")
    return args


def resolve_device(name: str) -> torch.device:
    """`--device` as a torch.device; QuickstartError if it is malformed or not usable here."""
    if name == "auto":
        return torch.device(get_device())
    try:
        device = torch.device(name)
    except RuntimeError:
        device = None
    if device is None or device.type not in ("cpu", "cuda"):
        raise QuickstartError(f"--device {name}: not a device this command runs on (cpu, cuda, cuda:N or auto)")
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise QuickstartError(f"--device {name}: CUDA is not available on this machine (use --device cpu)")
        if (device.index or 0) >= torch.cuda.device_count():
            raise QuickstartError(f"--device {name}: this machine has {torch.cuda.device_count()} CUDA device(s)")
    return device


def choose_data(args: argparse.Namespace, scratch: Path) -> tuple[Path, bool, str]:
    """(root, synthetic?, description): the real files when found, else the synthetic set under `scratch`."""
    if args.synthetic:
        why = "--synthetic given"
    else:
        try:
            root = data_files.find_root(args.data_root)
        except data_files.DataNotFoundError as exc:
            root, why = None, str(exc).splitlines()[0].rstrip(". ")
        if args.data_root is not None and (root is None or root.resolve() != Path(args.data_root).resolve()):
            # Asked for explicitly: do not quietly train on other files (find_root falls back further).
            raise QuickstartError(f"--data-root {args.data_root}: no Fashion-MNIST there "
                                  f"({data_files.raw_dir(args.data_root)} lacks the four IDX files)")
        if root is not None:
            fake = data_files.is_synthetic(root)
            return root, fake, f"{'SYNTHETIC ' if fake else ''}Fashion-MNIST from {root}"
    synthetic.write_synthetic(scratch, seed=args.seed)
    return scratch, True, f"synthetic stand-in for Fashion-MNIST ({why}): accuracies are not the tutorial's"


def print_epoch(epoch: int, result: EpochResult, seconds: float) -> None:
    """The tutorial's per-epoch lines (1.2.3)."""
    print(f"Epoch {epoch}\n-------------------------------")
    print(f"Test Error: \n Accuracy: {100 * result.accuracy:>0.1f}%, Avg loss: {result.avg_loss:>8f} \n", flush=True)


def save_grid(images: torch.Tensor, predicted: list[int], actual: list[int], path: Path) -> None:
    """A PNG of (N, 1, 28, 28) images in a 4-wide grid, each titled `predicted (true)`, mistakes in red."""
    from matplotlib.figure import Figure  # no pyplot: no global backend, no window

    cols, side, gap, band = 4, 28, 4, 9  # pixels: image, space between images, title band above each
    rows = -(-len(images) // cols)
    mosaic = torch.zeros(rows * (band + side + gap), cols * (side + gap))  # black background, grey images
    for i, image in enumerate(images.cpu()):
        top, left = (i // cols) * (band + side + gap) + band, (i % cols) * (side + gap) + gap // 2
        mosaic[top:top + side, left:left + side] = image.squeeze(0)
    scale = 5  # screen pixels per image pixel
    figure = Figure(figsize=(mosaic.shape[1] * scale / 100, mosaic.shape[0] * scale / 100), dpi=100)
    axes = figure.add_axes((0, 0, 1, 1))  # one image for the whole grid: fast to lay out and draw
    axes.imshow(mosaic.numpy(), cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    axes.axis("off")
    for i in range(len(images)):
        x, y = (i % cols) * (side + gap) + gap / 2 + side / 2, (i // cols) * (band + side + gap) + band - 1
        axes.text(x, y, f"{labels_map[predicted[i]]}\n(true: {labels_map[actual[i]]})", ha="center", va="bottom", fontsize=8,
                  color="limegreen" if predicted[i] == actual[i] else "red")
    figure.savefig(path)


def onnx_parity(model: nn.Module, images: torch.Tensor, path: Path) -> float:
    """Export the model to `path` and return max |torch - onnxruntime| over the logits of `images`."""
    cpu_model = copy.deepcopy(model).cpu().eval()
    x = images.cpu()
    with contextlib.redirect_stdout(io.StringIO()):  # the exporter narrates each of its passes
        export_onnx(cpu_model, path, x[:1])
    with torch.no_grad():
        expected = cpu_model(x).numpy()
    return float(abs(onnx_predict(path, x.numpy()) - expected).max())


def run(args: argparse.Namespace) -> dict:
    """The whole workflow; returns the metrics written to metrics.json."""
    device = resolve_device(args.device)
    path = fast.default_path(device) if args.path == "auto" else args.path
    try:
        fast.check_path(path, device)
    except ValueError as exc:
        raise QuickstartError(f"--path {path}: {exc}") from None
    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="quickstart-") as scratch:
        root, fake, source = choose_data(args, Path(scratch))
        out.mkdir(parents=True, exist_ok=True)
        print(f"Data: {source}")
        print(f"Device: {device}, path: {path}, threads: {torch.get_num_threads()}, torch {torch.__version__}\n")
        torch.manual_seed(args.seed)
        model = NeuralNetwork().to(device)
        progress = None
        if not args.no_progress:
            from tqdm import tqdm

            def progress(batches):
                return tqdm(batches, leave=False, unit="batch", file=sys.stderr, dynamic_ncols=True)

        epoch_seconds: list[float] = []

        def on_epoch(epoch: int, result: EpochResult, seconds: float) -> None:
            epoch_seconds.append(seconds)
            print_epoch(epoch, result, seconds)

        start = time.perf_counter()
        history = fast.recipe(path, model, root, epochs=args.epochs, batch_size=args.batch_size, lr=args.lr,
                              progress=progress, on_epoch=on_epoch)
        train_seconds = time.perf_counter() - start
        print(f"Done! {args.epochs} epoch(s) in {train_seconds:.1f} s\n")
        images, labels = data_files.load_tensors(False, root=root)
        test_x, test_y = tensor_dataset(images[:PREDICTED_IMAGES], labels[:PREDICTED_IMAGES]).tensors

    save_weights(model, out / "model.pth")
    print(f"Saved PyTorch Model State to {out / 'model.pth'}")
    onnx = None
    if not args.no_onnx:
        diff = onnx_parity(model, test_x, out / "model.onnx")
        onnx = {"file": "model.onnx", "max_abs_diff": diff, "atol": ONNX_ATOL, "images": len(test_x)}
        print(f"Exported {out / 'model.onnx'}: max |torch - onnxruntime| = {diff:.2e} over {len(test_x)} images")
    predicted = predict(model, test_x.to(device)).tolist()
    actual = test_y.tolist()
    print(f'Predicted: "{labels_map[predicted[0]]}", Actual: "{labels_map[actual[0]]}"')
    save_grid(test_x, predicted, actual, out / "predictions.png")
    print(f"Saved {len(predicted)} predictions to {out / 'predictions.png'}")
    metrics = {
        "data": {"source": "synthetic" if fake else "real", "description": source},
        "device": str(device) if device.type == "cpu" else f"{device} ({torch.cuda.get_device_name(device)})",
        "path": path,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "hyperparameters": {"epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr, "seed": args.seed},
        "epochs": [{"epoch": i, **r._asdict(), "seconds": s}
                   for i, (r, s) in enumerate(zip(history, epoch_seconds), start=1)],
        "train_seconds": train_seconds,
        "onnx": onnx,
        "predictions": [{"index": i, "predicted": labels_map[p], "actual": labels_map[a]}
                        for i, (p, a) in enumerate(zip(predicted, actual))],
        "files": ["model.pth", *(["model.onnx"] if onnx else []), "predictions.png", "metrics.json"],
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    print(f"Saved metrics to {out / 'metrics.json'}")
    if onnx is not None and not onnx["max_abs_diff"] <= ONNX_ATOL:
        raise QuickstartError(f"onnxruntime disagrees with torch: max |difference| {onnx['max_abs_diff']:.2e} "
                              f"> {ONNX_ATOL} (see {out / 'metrics.json'})", status=1)
    return metrics


def main(argv: Sequence[str] | None = None) -> int:
    """Run the quickstart: 0 on success, else one line on stderr and 2 (bad input) or 1 (failed check)."""
    args = parse_args(argv)
    threads = torch.get_num_threads()
    torch.set_num_threads(args.threads)
    try:
        run(args)
    except QuickstartError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.status
    finally:
        torch.set_num_threads(threads)  # main() is also called in-process (the spec): leave no trace
    return 0


if __name__ == "__main__":
    sys.exit(main())
