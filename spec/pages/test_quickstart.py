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
from spec.helpers.calls import Call, Tol
from spec.helpers.checks import check, check_equal, check_tensor, devices

pytestmark = pytest.mark.quickstart

QUICK = ["--epochs", "1", "--no-progress"]  # one epoch of the synthetic set (6,000 images): well under a second
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def cli(*args: str, env: str = "") -> Call:
    """The command as typed in a shell: cli("--epochs 0") is `python -m reference.quickstart --epochs 0`."""
    return Call("quickstart", " ".join([*([env] if env else []), "python -m reference.quickstart", *args]))


def exit_status(call: Call) -> Call:
    return call.then("; echo $?")


def metric(call: Call, path: str) -> Call:
    """A value of the run's metrics.json (in --out out): `... ; jq .data.source out/metrics.json`."""
    return call.then(f"; jq '{path}' out/metrics.json")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of the command run in this process, with the run's thread count."""
    status = quickstart.main([*args, "--threads", str(torch.get_num_threads())])
    out, err = capsys.readouterr()
    return status, out, err


def check_one_line_error(status: int, err: str, *, mentions: str, call: Call) -> None:
    """Exit status 2 and a single `...: error: ...` line on stderr that names the culprit."""
    __tracebackhide__ = True
    lines = err.strip().splitlines()
    check_equal(status, 2, call=exit_status(call))
    one_line = len(lines) == 1 and ": error: " in lines[0] and mentions in lines[0]
    expected = f"one line on stderr, `python -m reference.quickstart: error: ...`, that mentions {mentions!r}"
    check_output(one_line, err, call=call, expected=expected)


def check_output(condition: bool, output: str, *, call: Call, expected: str) -> None:
    """A property of what the command printed on stdout or stderr (`output`, of which the end is shown)."""
    __tracebackhide__ = True
    check(condition, call=call, actual=output[-300:], expected=expected, kind="other")


def check_no_out(out: Path, *, call: Call, expected: str = "no such folder: an error writes nothing") -> None:
    """The run left no --out folder (`call` names it out)."""
    __tracebackhide__ = True
    written = sorted(p.name for p in out.iterdir()) if out.is_dir() else "a file" if out.exists() else None
    check(written is None, call=call.then("; ls out"), actual=written, expected=expected)


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
    c = cli("--epochs 1 --no-onnx --device", device, "--out out", env="FASHION_MNIST_DEBIAN_DIR=/nowhere")
    status, stdout, err = run(capsys, "--epochs", "1", "--no-onnx", "--device", device, "--out", str(out))
    check_equal(status, 0, call=exit_status(c))
    files = sorted(p.name for p in out.iterdir())
    check_equal(files, ["curves.png", "metrics.json", "model.pth", "predictions.png"], call=c.then("; ls out"))
    first = stdout.splitlines()[0] if stdout else ""
    expected = "`Data: synthetic stand-in ...` (say which data it trains on)"
    check(first.startswith("Data: synthetic"), call=c.then(" | head -1"), actual=first, expected=expected)
    check_output("batch" in err, err, call=c, expected="a tqdm progress bar on stderr (unit: batch)")
    metrics = metrics_of(out)
    check_equal(metrics["data"]["source"], "synthetic", call=metric(c, ".data.source"))
    check_equal(metrics["path"], fast.default_path(device), call=metric(c, ".path"), situation="the device's fastest")
    check_equal(len(metrics["epochs"]), 1, call=metric(c, ".epochs | length"))
    accuracy = metrics["epochs"][0]["accuracy"]
    for line in ("Epoch 1", f"Accuracy: {100 * accuracy:>0.1f}%", "Done!"):
        check_output(line in stdout, stdout, call=c, expected=f"a line on stdout with {line!r}")
    # The saved weights, evaluated by the tutorial's own test_loop, give the accuracy the command reported.
    model = load_weights(NeuralNetwork(), out / "model.pth")
    test_set = synthetic_test_set()
    recomputed, _ = test_loop(DataLoader(test_set, batch_size=64), model, torch.nn.CrossEntropyLoss())
    close, expected = abs(recomputed - accuracy) <= 2 / len(test_set), f"{recomputed}, test_loop's on model.pth"
    check(close, call=metric(c, ".epochs[0].accuracy"), actual=accuracy, expected=expected, situation="within 2 images")
    predictions = metrics["predictions"]
    check_equal(len(predictions), quickstart.PREDICTED_IMAGES, call=metric(c, ".predictions | length"))
    first = predictions[0]
    line = f'Predicted: "{first["predicted"]}", Actual: "{first["actual"]}"'
    check_output(line in stdout, stdout, call=c, expected=f"the tutorial's line on stdout: {line}")
    for picture in ("predictions.png", "curves.png"):
        check_equal((out / picture).read_bytes()[:8], PNG_MAGIC, call=c.then(f"; head -c 8 out/{picture}"))


def test_quickstart_missing_data_root_is_a_one_line_error(capsys, tmp_path: Path) -> None:
    """--data-root names a directory without the files: no silent fallback to other data."""
    nowhere = tmp_path / "nowhere"
    c = cli("--data-root", str(nowhere), "--out out")
    status, _, err = run(capsys, *QUICK, "--data-root", str(nowhere), "--out", str(tmp_path / "out"))
    check_one_line_error(status, err, mentions=str(nowhere), call=c)
    check_no_out(tmp_path / "out", call=c)


@pytest.mark.parametrize("name", ["nonsense", "tpu", "cuda:99"])
def test_quickstart_unusable_device_is_a_one_line_error(capsys, tmp_path: Path, name: str) -> None:
    """A malformed device, an unsupported type, a CUDA device this machine lacks."""
    status, _, err = run(capsys, *QUICK, "--synthetic", "--device", name, "--out", str(tmp_path / "out"))
    check_one_line_error(status, err, mentions=f"--device {name}", call=cli("--device", name))


def test_quickstart_cuda_path_on_the_cpu_is_a_one_line_error(capsys, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    status, _, err = run(capsys, *QUICK, "--synthetic", "--device", "cpu", "--path", "graphed", "--out", out)
    check_one_line_error(status, err, mentions="--path graphed", call=cli("--device cpu --path graphed"))


@pytest.mark.slow  # the ONNX export takes seconds
@pytest.mark.parametrize("device", devices())
def test_quickstart_exports_onnx_that_matches_the_saved_model(capsys, tmp_path: Path, device: str) -> None:
    """The full command: model.onnx's logits (onnxruntime) equal model.pth's (torch) on the test images."""
    out = tmp_path / "out"
    c = cli("--epochs 1 --synthetic --device", device, "--out out")
    status, stdout, _ = run(capsys, *QUICK, "--synthetic", "--device", device, "--out", str(out))
    check_equal(status, 0, call=exit_status(c))
    check((out / "model.onnx").is_file(), call=c.then("; ls out/model.onnx"), actual="missing", expected="written")
    onnx = metrics_of(out)["onnx"]
    diff = onnx["max_abs_diff"]
    check(diff <= 1e-4, call=metric(c, ".onnx.max_abs_diff"), actual=diff, expected="<= 1e-4")
    x = synthetic_test_set().tensors[0][:100]
    model = load_weights(NeuralNetwork(), out / "model.pth")
    with torch.no_grad():
        expected = model(x)
    logits = torch.from_numpy(onnx_predict(out / "model.onnx", x.numpy()))
    situation = "onnxruntime's logits of out/model.onnx: model.pth's, on the first 100 test images"
    check_tensor(logits, expected, call=c, tol=Tol(rtol=1e-5, atol=1e-5), situation=situation)


@pytest.mark.slow  # two fresh interpreters: torch's import alone takes seconds
def test_quickstart_runs_as_a_module_and_fails_with_status_2(tmp_path: Path) -> None:
    """`python -m reference.quickstart` works from a shell; a bad option is one line and status 2."""
    args = [*QUICK, "--synthetic", "--no-onnx", "--device", "cpu", "--threads", str(torch.get_num_threads())]
    command = [sys.executable, "-m", "reference.quickstart.train", *args]
    root = Path(__file__).resolve().parents[2]  # the repository: `python -m reference...` from its root

    def shell(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*command, *extra], capture_output=True, text=True, cwd=root, timeout=300)

    done = shell("--out", str(tmp_path / "out"))
    c = Call("quickstart", " ".join(["python -m reference.quickstart.train", *args, "--out out"]))
    check_equal(done.returncode, 0, call=exit_status(c))
    exists = (tmp_path / "out" / "metrics.json").is_file()
    check(exists, call=c.then("; ls out/metrics.json"), actual="missing", expected="written")
    bad = shell("--device", "nonsense", "--out", str(tmp_path / "bad"))
    check_one_line_error(bad.returncode, bad.stderr, mentions="--device nonsense", call=c.then(" --device nonsense"))
