"""Tutorial 1.2 Quickstart (快速开始): the whole workflow as one command, `python -m reference.quickstart`.

The command strings the pages' reference functions together (data, model, training, save, ONNX,
prediction), so these tests check the reference's command, whatever --impl says: that it runs end
to end, that what it prints and writes agrees with the files it saved, and that a bad data root or
device is one line of error, not a traceback. The quick tier skips the ONNX export (seconds); the
slow tier runs the full command, and once more as `python -m`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch
from torch.utils.data import DataLoader

from reference.fashion_mnist import synthetic
from reference.model import NeuralNetwork
from reference.optimization import tensor_dataset, test_loop
from reference.persistence import load_weights, onnx_predict
from reference.quickstart import fast
from reference.quickstart import train as quickstart
from spec.helpers.checks import check, check_equal, check_tensor, devices

pytestmark = pytest.mark.quickstart

WHERE = "tutorial 1.2 Quickstart, python -m reference.quickstart"
QUICK = ["--epochs", "1", "--no-progress"]  # one epoch of the synthetic set (6,000 images): well under a second
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of the command run in this process, with the run's thread count."""
    status = quickstart.main([*args, "--threads", str(torch.get_num_threads())])
    out, err = capsys.readouterr()
    return status, out, err


def check_one_line_error(status: int, err: str, *, mentions: str, repro: str) -> None:
    """Exit status 2 and a single `...: error: ...` line on stderr that names the culprit."""
    __tracebackhide__ = True
    lines = err.strip().splitlines()
    check_equal(status, 2, what="exit status", where=WHERE, repro=repro)
    check(
        len(lines) == 1 and ": error: " in lines[0] and mentions in lines[0],
        what="stderr",
        actual=err,
        expected=f"one line `python -m reference.quickstart: error: ...` that mentions {mentions!r}",
        where=WHERE,
        repro=repro,
    )


def metrics_of(out: Path) -> dict[str, Any]:
    return json.loads((out / "metrics.json").read_text())


def synthetic_test_set() -> Any:
    """The synthetic test split the command trains against with --seed 0, as float tensors."""
    return tensor_dataset(*synthetic.load_tensors(False, seed=0))


@pytest.fixture
def no_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No Fashion-MNIST anywhere the command looks (no FASHION_MNIST_ROOT, no Debian package)."""
    monkeypatch.delenv("FASHION_MNIST_ROOT", raising=False)
    monkeypatch.setenv("FASHION_MNIST_DEBIAN_DIR", str(tmp_path / "no-debian-package"))


@pytest.mark.parametrize("device", devices())
def test_quickstart_trains_saves_predicts_and_reports(capsys, tmp_path: Path, no_data: None, device: str) -> None:
    """Without data, one epoch of the synthetic set (said so): model.pth, predictions.png, curves.png, metrics.json,
    the tutorial's epoch and prediction lines, a progress bar; the reported accuracy is model.pth's."""
    out = tmp_path / "out"
    repro = f"FASHION_MNIST_DEBIAN_DIR=/nowhere python -m reference.quickstart --epochs 1 --no-onnx --device {device}"
    status, stdout, err = run(capsys, "--epochs", "1", "--no-onnx", "--device", device, "--out", str(out))
    check_equal(status, 0, what="exit status", where=WHERE, repro=repro)
    check_equal(
        sorted(p.name for p in out.iterdir()),
        ["curves.png", "metrics.json", "model.pth", "predictions.png"],
        what="files written",
        where=WHERE,
        repro=repro,
    )
    first = stdout.splitlines()[0] if stdout else ""
    check(
        first.startswith("Data: synthetic"),
        what="first line of stdout",
        actual=first,
        expected="`Data: synthetic stand-in ...` (say which data it trains on)",
        where=WHERE,
        repro=repro,
    )
    check("batch" in err, what="stderr", actual=err[-300:], expected="a tqdm progress bar (unit: batch)", where=WHERE)
    metrics = metrics_of(out)
    check_equal(metrics["data"]["source"], "synthetic", what="metrics data.source", where=WHERE, repro=repro)
    check_equal(metrics["path"], fast.default_path(device), what="metrics path (the device's fastest)", where=WHERE)
    check_equal(len(metrics["epochs"]), 1, what="epochs in metrics.json", where=WHERE, repro=repro)
    accuracy = metrics["epochs"][0]["accuracy"]
    for line in ("Epoch 1", f"Accuracy: {100 * accuracy:>0.1f}%", "Done!"):
        check(line in stdout, what="stdout", actual=stdout[-600:], expected=f"to contain {line!r}", where=WHERE)
    # The saved weights, evaluated by the tutorial's own test_loop, give the accuracy the command reported.
    model = load_weights(NeuralNetwork(), out / "model.pth")
    test_set = synthetic_test_set()
    recomputed, _ = test_loop(DataLoader(test_set, batch_size=64), model, torch.nn.CrossEntropyLoss())
    check(
        abs(recomputed - accuracy) <= 2 / len(test_set),
        what="metrics accuracy",
        actual=accuracy,
        expected=f"{recomputed}, test_loop's on model.pth (within 2 images)",
        where=WHERE,
        repro=repro,
    )
    predictions = metrics["predictions"]
    check_equal(len(predictions), quickstart.PREDICTED_IMAGES, what="predictions in metrics.json", where=WHERE)
    first = predictions[0]
    check(
        f'Predicted: "{first["predicted"]}", Actual: "{first["actual"]}"' in stdout,
        what="stdout",
        actual=stdout[-600:],
        expected="the tutorial's Predicted/Actual line for the first test image",
        where=WHERE,
    )
    for picture in ("predictions.png", "curves.png"):
        check_equal((out / picture).read_bytes()[:8], PNG_MAGIC, what=f"{picture} header", where=WHERE)


def test_quickstart_missing_data_root_is_a_one_line_error(capsys, tmp_path: Path) -> None:
    """--data-root names a directory without the files: no silent fallback to other data."""
    nowhere = tmp_path / "nowhere"
    status, _, err = run(capsys, *QUICK, "--data-root", str(nowhere), "--out", str(tmp_path / "out"))
    check_one_line_error(
        status, err, mentions=str(nowhere), repro=f"python -m reference.quickstart --data-root {nowhere}"
    )
    check(
        not (tmp_path / "out").exists(), what="--out directory", actual="created", expected="not created", where=WHERE
    )


@pytest.mark.parametrize("name", ["nonsense", "tpu", "cuda:99"])
def test_quickstart_unusable_device_is_a_one_line_error(capsys, tmp_path: Path, name: str) -> None:
    """A malformed device, an unsupported type, a CUDA device this machine lacks."""
    status, _, err = run(capsys, *QUICK, "--synthetic", "--device", name, "--out", str(tmp_path / "out"))
    check_one_line_error(
        status, err, mentions=f"--device {name}", repro=f"python -m reference.quickstart --device {name}"
    )


def test_quickstart_cuda_path_on_the_cpu_is_a_one_line_error(capsys, tmp_path: Path) -> None:
    status, _, err = run(
        capsys, *QUICK, "--synthetic", "--device", "cpu", "--path", "graphed", "--out", str(tmp_path / "out")
    )
    check_one_line_error(
        status, err, mentions="--path graphed", repro="python -m reference.quickstart --device cpu --path graphed"
    )


@pytest.mark.slow  # the ONNX export takes seconds
@pytest.mark.parametrize("device", devices())
def test_quickstart_exports_onnx_that_matches_the_saved_model(capsys, tmp_path: Path, device: str) -> None:
    """The full command: model.onnx's logits (onnxruntime) equal model.pth's (torch) on the test images."""
    out = tmp_path / "out"
    repro = f"python -m reference.quickstart --epochs 1 --synthetic --device {device} --out {out}"
    status, stdout, _ = run(capsys, *QUICK, "--synthetic", "--device", device, "--out", str(out))
    check_equal(status, 0, what="exit status", where=WHERE, repro=repro)
    check((out / "model.onnx").is_file(), what="model.onnx", actual="missing", expected="written", where=WHERE)
    onnx = metrics_of(out)["onnx"]
    check(
        onnx["max_abs_diff"] <= 1e-4,
        what="metrics onnx.max_abs_diff",
        actual=onnx["max_abs_diff"],
        expected="<= 1e-4",
        where=WHERE,
        repro=repro,
    )
    x = synthetic_test_set().tensors[0][:100]
    model = load_weights(NeuralNetwork(), out / "model.pth")
    with torch.no_grad():
        expected = model(x)
    check_tensor(
        torch.from_numpy(onnx_predict(out / "model.onnx", x.numpy())),
        expected,
        what="onnxruntime logits of model.onnx",
        where=WHERE,
        rtol=1e-5,
        atol=1e-5,
        repro=repro,
    )


@pytest.mark.slow  # two fresh interpreters: torch's import alone takes seconds
def test_quickstart_runs_as_a_module_and_fails_with_status_2(tmp_path: Path) -> None:
    """`python -m reference.quickstart` works from a shell; a bad option is one line and status 2."""
    command = [
        sys.executable,
        "-m",
        "reference.quickstart.train",
        *QUICK,
        "--synthetic",
        "--no-onnx",
        "--device",
        "cpu",
        "--threads",
        str(torch.get_num_threads()),
    ]
    root = Path(__file__).resolve().parents[2]  # the repository: `python -m reference...` from its root
    done = subprocess.run(
        [*command, "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=root, timeout=300
    )
    check_equal(done.returncode, 0, what="exit status", where=WHERE, repro=" ".join(command))
    check(
        (tmp_path / "out" / "metrics.json").is_file(),
        what="metrics.json",
        actual="missing",
        expected="written",
        where=WHERE,
        repro=" ".join(command),
    )
    bad = subprocess.run(
        [*command, "--device", "nonsense", "--out", str(tmp_path / "bad")],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=300,
    )
    check_one_line_error(
        bad.returncode, bad.stderr, mentions="--device nonsense", repro=" ".join(command) + " --device nonsense"
    )
