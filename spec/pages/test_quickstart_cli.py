"""Tutorial 1.2 Quickstart (快速开始) under bad input: `python -m reference.quickstart` says what is wrong in one line.

Every user error is one line on stderr, `python -m reference.quickstart: error: ...`, exit status 2,
no traceback (--debug adds it): an option out of range, damaged or missing data, an --out that cannot
be written, a full disk, a training that diverges. The files of a run are written as one set, so a
failed run leaves the previous run's files as they were; curves.png draws the training, beside the
seed run's accuracy on the real data. These test the reference's command, whatever --impl says:
main() runs in this process on tiny synthetic roots (a few hundred images), so most cases take
milliseconds; the real data's 5 epochs are slow.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import io
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from reference.fashion_mnist import files as data_files
from reference.fashion_mnist import synthetic
from reference.quickstart import fast
from reference.quickstart import train as quickstart
from spec.helpers.calls import Call
from spec.helpers.checks import check, check_equal, check_raises, cpu, gpu
from spec.pages.test_data_files import damage, gzip_into
from spec.pages.test_quickstart import (
    PNG_MAGIC,
    check_no_out,
    check_one_line_error,
    check_output,
    cli,
    exit_status,
    metric,
    metrics_of,
    run,
)

pytestmark = pytest.mark.quickstart
FAST = ["--epochs", "1", "--no-onnx", "--no-progress", "--device", "cpu"]  # one epoch of 4 batches; no ONNX (seconds)
N_TRAIN, N_TEST = 256, 32  # 4 batches of 64 to train, 32 test images: milliseconds


@pytest.fixture(autouse=True)
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No Fashion-MNIST anywhere the command looks unless a test puts it there."""
    monkeypatch.delenv("FASHION_MNIST_ROOT", raising=False)
    monkeypatch.setenv("FASHION_MNIST_DEBIAN_DIR", str(tmp_path / "no-debian-package"))
    monkeypatch.setenv("FASHION_MNIST_CACHE", str(tmp_path / "cache"))


def tiny_root(path: Path, *, real: bool = False) -> Path:
    """A root of N_TRAIN + N_TEST synthetic images; real=True drops the SYNTHETIC marker (as if real)."""
    synthetic.write_synthetic(path, n_train=N_TRAIN, n_test=N_TEST)
    if real:
        (path / "FashionMNIST" / data_files.SYNTHETIC_MARKER).unlink()
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in folder (hidden ones too) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def previous_run(out: Path) -> dict[str, bytes]:
    """A previous run's complete set in `out` (small stand-ins, with model.onnx); returns its snapshot."""
    out.mkdir(parents=True, exist_ok=True)
    for name in quickstart.OUTPUTS:
        (out / name).write_bytes(f"previous run's {name}\n".encode())
    return snapshot(out)


def check_nothing_trained(stdout: str, *, call: Call) -> None:
    """The command stopped before the training: not even the `Data:` line was printed."""
    __tracebackhide__ = True
    expected = "nothing on stdout (the error comes before any training)"
    check_output("Epoch" not in stdout and "Data:" not in stdout, stdout, call=call, expected=expected)


# ---------------------------------------------------------------------------------------------
# Options


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--lr", "inf"], "--lr"),
        (["--lr", "nan"], "--lr"),
        (["--lr", "-0.1"], "--lr"),
        (["--lr", "0"], "--lr"),
        (["--epochs", "0"], "--epochs"),
        (["--batch-size", "-64"], "--batch-size"),
        (["--seed", "-1"], "--seed"),
        (["--batch-size", "abc"], "--batch-size"),
        (["--no-such-option"], "--no-such-option"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_cli_refuses_an_option_out_of_range_in_one_line(capsys, tmp_path: Path, args: list[str], mentions: str) -> None:
    """argparse's own errors too: one line, not its usage block. --lr inf used to train on NaN."""
    status, stdout, err = run(capsys, "--synthetic", *FAST, *args, "--out", str(tmp_path / "out"))
    check_one_line_error(status, err, mentions=mentions, call=cli(*args))
    check_nothing_trained(stdout, call=cli(*args))


# ---------------------------------------------------------------------------------------------
# Data: damaged files, and a root named on purpose that holds none


def truncate_gz(root: Path) -> Path:
    """Leave the test images only as a .gz file, cut 200 bytes short; returns it."""
    raw = data_files.raw_dir(root)
    name = data_files.FILES[False][0]
    gz = raw / f"{name}.gz"
    gz.write_bytes(gzip.compress((raw / name).read_bytes())[:-200])
    (raw / name).unlink()
    return gz


DAMAGES = {  # kind -> words the one line must contain besides the file's path (see test_data_files.DAMAGES)
    "wrong magic": "magic",
    "fewer labels than images": "labels",
    "label 10": "label 10",
    "truncated images": "truncated",
    "truncated .gz": "decompressed",
}


@pytest.mark.parametrize(
    ("kind", "given"),
    [
        *((kind, "--data-root") for kind in DAMAGES),
        ("label 10", "FASHION_MNIST_ROOT"),  # the same check: one case shows the variable takes the same path
    ],
)
def test_cli_refuses_damaged_data_in_one_line(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, given: str
) -> None:
    root = tiny_root(tmp_path / "root")
    damaged = truncate_gz(root) if kind == "truncated .gz" else damage(root, kind)
    if given == "FASHION_MNIST_ROOT":
        monkeypatch.setenv("FASHION_MNIST_ROOT", str(root))
    args = ["--data-root", str(root)] if given == "--data-root" else []
    c = cli(*args, "--out out", env="" if args else f"FASHION_MNIST_ROOT={root}")
    status, stdout, err = run(capsys, *args, *FAST, "--out", str(tmp_path / "out"))
    check_one_line_error(status, err, mentions=str(damaged), call=c)
    check_output(DAMAGES[kind] in err, err, call=c, expected=f"a line on stderr that says {DAMAGES[kind]!r}")
    check_nothing_trained(stdout, call=c)
    check_no_out(tmp_path / "out", call=c)


@pytest.mark.parametrize("state", ["empty", "missing"])
def test_cli_fashion_mnist_root_without_data_is_an_error_not_a_fallback(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: str
) -> None:
    """FASHION_MNIST_ROOT names a folder without the files while the Debian package has them: an error naming
    the variable (it used to train on Debian's copy, status 0)."""
    debian = tmp_path / "debian"
    debian.mkdir()
    gzip_into(synthetic.write_synthetic(tmp_path / "source", n_train=10, n_test=10), debian)
    monkeypatch.setenv("FASHION_MNIST_DEBIAN_DIR", str(debian))
    named = tmp_path / state
    if state == "empty":
        named.mkdir()
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(named))
    c = cli(env=f"FASHION_MNIST_ROOT={named}")
    status, stdout, err = run(capsys, *FAST, "--out", str(tmp_path / "out"))
    check_one_line_error(status, err, mentions=f"FASHION_MNIST_ROOT {named}", call=c)
    check_nothing_trained(stdout, call=c)


def test_cli_debug_prints_the_traceback_then_the_one_line(capsys, tmp_path: Path) -> None:
    root = tiny_root(tmp_path / "root")
    damage(root, "label 10")
    c = cli("--data-root", str(root), "--debug")
    status, _, err = run(capsys, "--data-root", str(root), "--debug", *FAST, "--out", str(tmp_path / "out"))
    lines = err.strip().splitlines()
    check_equal(status, 2, call=exit_status(c))
    traced = lines[0].startswith("Traceback") and "validate_idx" in err
    expected = "on stderr a traceback through validate_idx, then the one-line error last"
    check_output(traced and lines[-1].startswith(f"{quickstart.PROG}: error: damaged"), err, call=c, expected=expected)


# ---------------------------------------------------------------------------------------------
# Divergence


@pytest.mark.parametrize("path", ["preloaded", "tutorial"])
def test_cli_divergence_stops_training_naming_epoch_batch_and_lr(capsys, tmp_path: Path, path: str) -> None:
    """lr 1e30: the first step throws the weights to ~1e30, the second batch's loss is nan."""
    root = tiny_root(tmp_path / "root")
    c = cli("--lr 1e30 --path", path, "--out out")
    status, _, err = run(
        capsys, "--data-root", str(root), "--lr", "1e30", "--path", path, *FAST, "--out", str(tmp_path / "out")
    )
    check_one_line_error(status, err, mentions="epoch 1, batch 2 of 4", call=c)
    hint = "--lr 1e+30" in err and "too large" in err
    check_output(hint, err, call=c, expected="a hint on stderr that --lr 1e+30 is too large")
    check_no_out(tmp_path / "out", call=c, expected="no such folder: this run created it, wrote nothing, removes it")


class CountingLoss(torch.nn.Module):
    """CrossEntropyLoss that counts its calls."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def forward(self, pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        self.calls += 1
        return torch.nn.functional.cross_entropy(pred, y)


@pytest.mark.parametrize(
    ("device", "step_class"),
    [
        pytest.param("cpu", fast.TrainStep, marks=cpu, id="cpu"),
        pytest.param("cuda", fast.TrainStep, marks=gpu, id="cuda"),
        pytest.param("cuda", fast.GraphedTrainStep, marks=gpu, id="cuda-graphed"),
    ],
)
def test_train_tensors_stops_after_the_first_non_finite_batch(device: str, step_class: type) -> None:
    """A NaN pixel in batch 3 of 6: Diverged names batch 3; on the CPU batch 4 never runs, on a GPU the check
    waits for the GPU only every CUDA_CHECK_EVERY batches (here: at the end of the epoch). The CUDA graph
    counts the finite batches inside the graph: the same batch 3."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(7 * 5, 10)).to(device)
    loss_fn = CountingLoss()
    step = step_class(model, loss_fn, torch.optim.SGD(model.parameters(), lr=1e-3))
    images, labels = torch.rand(6 * 4, 1, 7, 5), torch.arange(6 * 4) % 10  # 6 batches of 4
    images[2 * 4 + 1, 0, 3, 2] = float("nan")  # in batch 3 (1-based)
    setup = "images, labels = torch.rand(24, 1, 7, 5), torch.arange(24) % 10; images[9, 0, 3, 2] = float('nan')"
    c = Call("quickstart", "fast.train_tensors(step, images, labels, batch_size=4)", setup=setup)
    exc = check_raises(fast.Diverged, lambda: fast.train_tensors(step, images, labels, batch_size=4), call=c)
    graphed = step_class is fast.GraphedTrainStep  # its replays do not call the Python loss function
    ran = None if graphed else 3 if device == "cpu" else min(fast.CUDA_CHECK_EVERY, 6)
    call = c.named("(e.batch, e.batches, loss_fn.calls)")  # e: the Diverged raised; no calls counted in a graph
    check_equal((exc.batch, exc.batches, None if graphed else loss_fn.calls), (3, 6, ran), call=call)


# ---------------------------------------------------------------------------------------------
# Outputs: checked before training, written as one set


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """tmpfs(size, read_only=False): a fresh tmpfs mounted under tmp_path; skips where mount is not allowed."""
    mounted: list[Path] = []

    def mount(size: str, *, read_only: bool = False) -> Path:
        target = tmp_path / f"tmpfs{len(mounted)}"
        target.mkdir()
        if shutil.which("mount") is None:
            pytest.skip("no mount command here: a size-limited or read-only tmpfs cannot be made")
        options = f"size={size}" + (",ro" if read_only else "")
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): {done.stderr.strip()}")
        mounted.append(target)
        return target

    yield mount
    for target in mounted:
        subprocess.run(["umount", str(target)], check=False)


OUT_CASES = ["a file", "/dev/full", "inside a file", "read-only file system", "no write permission"]


@pytest.mark.parametrize("case", OUT_CASES)
def test_cli_unwritable_out_is_one_line_before_training(capsys, tmp_path: Path, tmpfs, case: str) -> None:
    root = tiny_root(tmp_path / "root")
    (tmp_path / "a-file").write_text("not a folder\n")
    if case == "a file":
        out = tmp_path / "a-file"
    elif case == "/dev/full":
        if not Path("/dev/full").exists():
            pytest.skip("no /dev/full on this machine")
        out = Path("/dev/full")
    elif case == "inside a file":
        out = tmp_path / "a-file" / "out"
    elif case == "read-only file system":
        out = tmpfs("64k", read_only=True) / "out"
    else:
        if os.geteuid() == 0:
            pytest.skip(
                "running as root, which may write into a folder without write permission "
                "(the read-only file system case covers it)"
            )
        out = tmp_path / "locked"
        out.mkdir(mode=0o500)
    c = cli("--out", str(out))
    status, stdout, err = run(capsys, "--data-root", str(root), *FAST, "--out", str(out))
    check_one_line_error(status, err, mentions=f"--out {out}", call=c)
    check_nothing_trained(stdout, call=c)


@pytest.mark.parametrize("room", ["none", pytest.param("model.pth only", marks=pytest.mark.slow)])  # slow: draws
def test_cli_full_disk_leaves_the_previous_run_as_it_was(capsys, tmp_path: Path, tmpfs, room: str) -> None:
    """--out on a small tmpfs holding a previous run: a full disk (at the first file, or after model.pth) is
    one line, and the previous files stay, byte for byte, with no temporary file left beside them."""
    weights = io.BytesIO()
    torch.save(quickstart.NeuralNetwork().state_dict(), weights)
    size = 32 * 1024 + (len(weights.getvalue()) if room == "model.pth only" else 0)  # the previous run's small files
    out = tmpfs(f"{size // 4096 * 4096 + 4096}") / "out"
    before = previous_run(out)
    c = cli("--out out")  # out: a tmpfs holding a previous run
    status, stdout, err = run(capsys, "--data-root", str(tiny_root(tmp_path / "root")), *FAST, "--out", str(out))
    check_one_line_error(status, err, mentions=os.strerror(errno.ENOSPC), call=c)
    check_output("Epoch 1" in stdout, stdout, call=c, expected="one epoch on stdout (the disk fills after)")
    check_equal(snapshot(out), before, call=c.then("; ls out"), situation="the previous run's files, byte for byte")


def test_cli_failed_write_leaves_the_previous_run_as_it_was(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same without a tmpfs: the disk fills while predictions.png is written, after model.pth was."""

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(quickstart, "save_grid", no_space)
    out = tmp_path / "out"
    before = previous_run(out)
    c = cli("--out out")
    status, _, err = run(capsys, "--data-root", str(tiny_root(tmp_path / "root")), *FAST, "--out", str(out))
    check_one_line_error(status, err, mentions=os.strerror(errno.ENOSPC), call=c)
    check_equal(snapshot(out), before, call=c.then("; ls out"), situation="the previous run's files, byte for byte")


def fake_png(*args: object) -> None:
    """Stands in for save_grid and save_curves (drawing takes most of a run): a PNG header and nothing else."""
    file = args[-1]
    file.write(PNG_MAGIC)


def test_cli_writes_a_complete_new_set_recording_the_run_of_each_file(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over a previous run with model.onnx, a run with --no-onnx: its four files, all recorded in metrics.json
    under its run id with their sha256; the stale model.onnx removed; no temporary file left. (The pictures
    are stand-ins here: test_quickstart.py checks the real ones.)"""
    monkeypatch.setattr(quickstart, "save_grid", fake_png)
    monkeypatch.setattr(quickstart, "save_curves", lambda history, file, **kwargs: fake_png(file))
    out = tmp_path / "out"
    previous_run(out)
    c = cli("--no-onnx --out out")
    status, _, _ = run(capsys, "--data-root", str(tiny_root(tmp_path / "root")), *FAST, "--out", str(out))
    check_equal(status, 0, call=exit_status(c))
    files = snapshot(out)
    check_equal(sorted(files), ["curves.png", "metrics.json", "model.pth", "predictions.png"], call=c.then("; ls out"))
    metrics = metrics_of(out)
    recorded = {name: (r["run"], r["sha256"]) for name, r in metrics["files"].items()}
    actual = {
        name: (metrics["run"], hashlib.sha256(content).hexdigest())
        for name, content in files.items()
        if name != "metrics.json"
    }
    situation = "{name: (run, sha256)}: this run's id, each file's sha256"
    check_equal(recorded, actual, call=metric(c, ".files"), situation=situation)


# ---------------------------------------------------------------------------------------------
# curves.png


def grey_pixels(png: bytes) -> int:
    """Pixels of exactly matplotlib's "grey" (128, 128, 128): the seed run's line and markers."""
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    return int((rgb == 128).all(axis=2).sum())


@pytest.mark.slow  # draws two pictures per run: ~0.3 s each
@pytest.mark.parametrize("real", [False, True], ids=["synthetic", "real"])
def test_cli_curves_png_draws_the_seed_run_beside_a_run_on_the_real_data(capsys, tmp_path: Path, real: bool) -> None:
    """On the real data (here: a root without the SYNTHETIC marker) the seed run's accuracy per epoch is
    drawn in grey and recorded in metrics.json; on the synthetic set, where it means nothing, neither."""
    out = tmp_path / "out"
    c = cli("--data-root", "real" if real else "synthetic", "--epochs 2 --out out")
    status, _, _ = run(
        capsys, "--data-root", str(tiny_root(tmp_path / "root", real=real)), *FAST, "--epochs", "2", "--out", str(out)
    )
    check_equal(status, 0, call=exit_status(c))
    png = (out / "curves.png").read_bytes()
    check_equal(png[:8], PNG_MAGIC, call=c.then("; head -c 8 out/curves.png"))
    expected = list(quickstart.SEED_RUN_ACCURACY) if real else None
    check_equal(metrics_of(out)["seed_run_accuracy"], expected, call=metric(c, ".seed_run_accuracy"))
    grey = grey_pixels(png)
    expected = "> 150 (the seed run's dashed line: ~300)" if real else "< 50 (no seed run drawn: ~15)"
    check(
        grey > 150 if real else grey < 50, call=c, actual=grey, expected=expected, situation="grey pixels in curves.png"
    )


@pytest.mark.slow  # 5 epochs of the real Fashion-MNIST: ~15 s on one core
def test_cli_seed_run_on_the_real_data_reproduces_the_recorded_accuracies(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SEED_RUN_ACCURACY is measured, not invented: the default command (seed 0) gives it again, per epoch."""
    monkeypatch.undo()  # this machine's own data: the Debian package or FASHION_MNIST_ROOT
    try:
        root = data_files.find_root()
    except data_files.DataNotFoundError as exc:
        pytest.skip(f"real Fashion-MNIST absent: {str(exc).splitlines()[0]}")
    if data_files.is_synthetic(root):
        pytest.skip(f"the data root {root} holds synthetic Fashion-MNIST")
    out = tmp_path / "out"
    status, _, _ = run(capsys, "--no-onnx", "--no-progress", "--device", "cpu", "--out", str(out))
    c = cli("--no-onnx --out out")
    check_equal(status, 0, call=exit_status(c))
    accuracies = [e["accuracy"] for e in metrics_of(out)["epochs"]]
    expected = f"{list(quickstart.SEED_RUN_ACCURACY)} within 0.2 points (threads, kernels)"
    close = np.allclose(accuracies, quickstart.SEED_RUN_ACCURACY, rtol=0, atol=0.002)
    check(close, call=metric(c, "[.epochs[].accuracy]"), actual=accuracies, expected=expected)
