"""Tutorial 1.9.3 Exporting the Model to ONNX (将模型导出为ONNX): export_onnx and onnx_predict.

An export costs seconds (torch.export traces the model, onnxscript translates it), so the learner's
export_onnx runs once per model and device in a session (`onnx_exports`), and every test checks a
property of that one file; the random-input parity runs onnxruntime on it, which takes milliseconds.
onnx_predict alone is checked in test_persistence_onnx_predict.py; here only on export_onnx's file.
The models are the reference's NeuralNetwork, exported as
the page does it (from one all-zeros example, batch 1), and a small module whose train and eval
behaviour differ (BatchNorm, Dropout), whose input is not the tutorial's 28x28 image (so an export that
ignores its example fails) and whose forward names its argument `images`, not `x`.

Situations (issue 18): two models (the MLP handed over in eval mode; the BatchNorm/Dropout net in train
mode with a frozen layer, from a batch of 3), batches of 1, 7 and 64 and random ones through the file.
Not covered, for cost (an export takes seconds): exporting twice to one path.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch
from hypothesis import given
from torch import nn

from spec.helpers import strategies
from spec.helpers.checks import check, check_equal, check_raises, check_tensor, check_tensor_equal, devices, make_tensor

pytestmark = pytest.mark.persistence
WHERE = "tutorial 1.9.3 Exporting the Model to ONNX"
WHERE_PREDICT = "tutorial 1.9.3 (run the .onnx file with onnxruntime)"

# The page exports from `torch.zeros((1, 3, 224, 224))`: one example of the right shape, all zeros.
EXAMPLE_SHAPE = (1, 1, 28, 28)
# The second model's input: (N, 3, 5, 7), neither the tutorial's image nor square.
NORM_SHAPE = (3, 5, 7)
# onnxruntime's float32 kernels (MLAS Gemm) vs torch's (MKL, cuBLAS): same math, other summation order.
RTOL, ATOL = 1e-4, 1e-5


class _NormDropoutNet(nn.Module):
    """Flatten, Linear(105, 16), BatchNorm1d(16), ReLU, Dropout(0.5), Linear(16, 10) on (N, 3, 5, 7)
    inputs: in training mode BatchNorm uses the batch's statistics and Dropout zeroes activations at
    random; in eval mode neither."""

    def __init__(self) -> None:
        super().__init__()
        self.flatten = nn.Flatten()
        self.stack = nn.Sequential(
            nn.Linear(3 * 5 * 7, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 10)
        )

    def forward(self, images: torch.Tensor) -> torch.Tensor:  # not `x`: exporters must not assume the name
        return self.stack(self.flatten(images))  # (N, 3, 5, 7) -> (N, 105) -> (N, 10)


def _norm_dropout_net(device: str) -> nn.Module:
    """A _NormDropoutNet in training mode whose running statistics are far from the batch statistics,
    its first Linear frozen as in fine-tuning (an export that sets requires_grad back to True on every
    parameter unfreezes it)."""
    model = _NormDropoutNet().to(device)
    model.stack[0].requires_grad_(False)
    norm = model.stack[1]
    with torch.no_grad():
        norm.running_mean.copy_(make_tensor((16,), device=device, low=-1.0, high=1.0))
        norm.running_var.copy_(make_tensor((16,), device=device, low=0.5, high=2.0))
    return model.train()


def _snapshot(model: nn.Module) -> dict[str, Any]:
    """What exporting must leave as it was: every state_dict tensor (values, dtype, device), which
    parameters require grad, and the names of the modules in training mode ("" is the model itself)."""
    return {
        "tensors": {key: tensor.detach().clone() for key, tensor in model.state_dict().items()},
        "requires_grad": {name: p.requires_grad for name, p in model.named_parameters()},
        "training": [name for name, module in model.named_modules() if module.training],
    }


class _Exports:
    """The learner's export_onnx of each model on each device, run once per session.

    An export that raised fails every later test that asks for it with a one-line message (the first
    one shows the whole traceback); a stub's NotImplementedError or a missing name still skips.
    The model's state is recorded just before and just after the export (`states`): later tests call
    model.eval() themselves, which would hide what the export did to the caller's model.
    """

    def __init__(self, impl: Any, ref: Any, factory: pytest.TempPathFactory) -> None:
        self.impl, self.ref, self.factory = impl, ref, factory
        self.done: dict[tuple[str, str], tuple[nn.Module, Path] | BaseException] = {}
        self.snapshots: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}

    def states(self, kind: str, device: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """(_snapshot before export_onnx, _snapshot right after it) of the model of `kind` on `device`."""
        self.get(kind, device)
        return self.snapshots[kind, device]

    def get(self, kind: str, device: str) -> tuple[nn.Module, Path]:
        """(model, path of its .onnx file); the file is alone in its directory."""
        # Asked for on every call, cached or not: `impl` records the name, so each test that reads an
        # export reports export_onnx as its concept (and a missing name skips every one of them).
        export_onnx = self.impl.export_onnx
        if (kind, device) not in self.done:
            try:
                self.done[kind, device] = self._export(export_onnx, kind, device)
            except (Exception, pytest.skip.Exception) as exc:
                self.done[kind, device] = exc
                raise
        result = self.done[kind, device]
        if isinstance(result, (NotImplementedError, pytest.skip.Exception)):
            raise result.with_traceback(result.__traceback__)  # the learner's stub stays the innermost frame
        if isinstance(result, BaseException):
            first = (str(result).strip().splitlines() or [""])[0][:300]
            pytest.fail(
                f"export_onnx of the {kind} model on {device} raised {type(result).__name__}: {first} "
                f"(the first test that exported it shows the traceback) [{WHERE}]",
                pytrace=False,
            )
        return result

    def _export(self, export_onnx: Any, kind: str, device: str) -> tuple[nn.Module, Path]:
        if kind == "mlp":  # the tutorial's model, in eval mode as the page hands it over after training
            model, example = self.ref.NeuralNetwork().to(device).eval(), torch.zeros(EXAMPLE_SHAPE, device=device)
        else:  # train and eval differ: handed over in training mode; an odd batch so BatchNorm can train
            model, example = _norm_dropout_net(device), torch.zeros((3, *NORM_SHAPE), device=device)
        path = self.factory.mktemp(f"onnx-{kind}-{device}") / "model.onnx"
        before = _snapshot(model)
        export_onnx(model, path, example)
        self.snapshots[kind, device] = (before, _snapshot(model))
        return model, path


@pytest.fixture(scope="session")
def onnx_exports(impl, ref, tmp_path_factory: pytest.TempPathFactory) -> _Exports:
    return _Exports(impl, ref, tmp_path_factory)


@functools.lru_cache(maxsize=16)
def _session(path: str, optimize: bool) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    if not optimize:  # run the graph as written: the optimizer would, e.g., strip Dropout nodes
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def _run_onnx(path: Path, x: torch.Tensor, *, optimize: bool = True) -> torch.Tensor:
    """onnxruntime's first output for x (scaffolding: the spec's own runner, not onnx_predict)."""
    __tracebackhide__ = True
    try:
        session = _session(str(path), optimize)
        return torch.from_numpy(session.run(None, {session.get_inputs()[0].name: x.cpu().numpy()})[0])
    except Exception as exc:  # onnxruntime's own types (InvalidArgument, Fail, ...)
        check(
            False,
            what=f"onnxruntime on the exported file, input shape {tuple(x.shape)} float32",
            actual=f"{type(exc).__name__}: {str(exc).strip()[:400]}",
            expected="logits (N, 10)",
            where=WHERE,
            repro=f"onnxruntime.InferenceSession(path).run(None, {{name: np.zeros({tuple(x.shape)}, np.float32)}})",
        )
        raise AssertionError("unreachable") from exc


def _expected(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """model(x) in eval mode without gradients, on the CPU: what the exported file should compute."""
    model.eval()
    with torch.no_grad():
        return model(x.to(next(model.parameters()).device)).cpu()


def _images(n: int, shape: tuple[int, ...] = (1, 28, 28)) -> torch.Tensor:
    """n ToTensor-like images (n, *shape) in [0, 1)."""
    return make_tensor((n, *shape), low=0.0, high=1.0)


def _predict(impl, path: Path, x: torch.Tensor, *, repro: str) -> np.ndarray:
    """impl.onnx_predict(path, x as float32 numpy); an error becomes a failure saying so."""
    __tracebackhide__ = True
    array = x.numpy().astype(np.float32)
    try:
        return impl.onnx_predict(path, array)
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own exception types
        if isinstance(exc, NotImplementedError):
            raise
        check(
            False,
            what=f"onnx_predict(path, float32 array of shape {array.shape})",
            actual=f"{type(exc).__name__}: {str(exc).strip()[:300]}",
            expected="logits: session.run(None, {session.get_inputs()[0].name: array}) on the array as given",
            where=WHERE_PREDICT,
            repro=repro,
        )
        raise AssertionError("unreachable") from exc


# ---------------------------------------------------------------------------------------------
# export_onnx: one file, valid, dynamic batch, same logits as the model in eval mode


@pytest.mark.parametrize("device", devices())
def test_export_onnx_writes_one_self_contained_file(onnx_exports, tmp_path: Path, device: str) -> None:
    """The .onnx file alone holds the weights. torch.onnx.export(..., dynamo=True) writes them to a
    sidecar `model.onnx.data` unless external_data=False; copying the .onnx alone then breaks it."""
    _, path = onnx_exports.get("mlp", device)
    repro = "export_onnx(model, 'out/model.onnx', torch.zeros(1, 1, 28, 28)); os.listdir('out')"
    check_equal(
        sorted(p.name for p in path.parent.iterdir()),
        [path.name],
        what="files export_onnx wrote",
        where=WHERE,
        repro=repro,
    )
    proto = onnx.load(path, load_external_data=False)
    external = [t.name for t in proto.graph.initializer if onnx.external_data_helper.uses_external_data(t)]
    check_equal(external, [], what="initializers stored outside the .onnx file", where=WHERE, repro=repro)
    alone = tmp_path / "copied.onnx"
    shutil.copy(path, alone)
    check_equal(
        tuple(_run_onnx(alone, _images(1)).shape),
        (1, 10),
        where=WHERE,
        what="output shape of the .onnx file copied alone to another directory",
    )


@pytest.mark.parametrize("device", devices())
def test_export_onnx_passes_the_onnx_checker(onnx_exports, device: str) -> None:
    _, path = onnx_exports.get("mlp", device)
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
        error = None
    except onnx.checker.ValidationError as exc:
        error = exc
    check(
        error is None,
        what="onnx.checker.check_model(file, full_check=True)",
        actual=str(error),
        expected="no error",
        where=WHERE,
        repro="onnx.checker.check_model(onnx.load(path), full_check=True)",
    )


@pytest.mark.parametrize("n", [1, 7, 64])
@pytest.mark.parametrize("device", devices())
def test_export_onnx_batch_dimension_is_dynamic(onnx_exports, n: int, device: str) -> None:
    """Exported from one example (batch 1), the file takes any batch size: a symbolic first dimension
    (dynamic_shapes=({0: torch.export.Dim("batch")},), one dict per positional input whatever forward
    calls it, or, legacy, dynamic_axes={"input": {0: "batch"}})."""
    _, path = onnx_exports.get("mlp", device)
    repro = f"onnx_predict(path, np.zeros(({n}, 1, 28, 28), np.float32))  # exported from batch 1"
    first = onnx.load(path, load_external_data=False).graph.input[0].type.tensor_type.shape.dim[0]
    check(
        first.dim_param and not first.dim_value,
        what="the file's input dimension 0",
        actual=first.dim_value or "unset",
        expected="symbolic (dim_param, e.g. 'batch'), not fixed",
        where=WHERE,
        repro=repro,
    )
    out = _run_onnx(path, _images(n))  # a fixed batch: onnxruntime's "Got invalid dimensions for input"
    check_equal(tuple(out.shape), (n, 10), what=f"output shape for a batch of {n}", where=WHERE, repro=repro)


@pytest.mark.parametrize("n", [1, 7, 64])
@pytest.mark.parametrize("device", devices())
def test_export_onnx_logits_match_the_model(onnx_exports, n: int, device: str) -> None:
    model, path = onnx_exports.get("mlp", device)
    x = _images(n)
    check_tensor(
        _run_onnx(path, x),
        _expected(model, x),
        rtol=RTOL,
        atol=ATOL,
        where=WHERE,
        what=f"onnxruntime logits of the exported file, batch {n}",
        repro="onnxruntime.InferenceSession(path).run(None, {'input': x.numpy()})[0] vs model(x)",
    )


@given(x=strategies.images().filter(lambda x: x.dim() == 4))
@pytest.mark.parametrize("device", devices())
def test_export_onnx_logits_match_the_model_on_random_inputs(onnx_exports, x: torch.Tensor, device: str) -> None:
    model, path = onnx_exports.get("mlp", device)
    out, expected = _run_onnx(path, x), _expected(model, x)
    scale = float(expected.abs().max()) + 1.0  # inputs span 1e-2 .. 1e2: logits up to ~100
    check_tensor(
        out,
        expected,
        rtol=RTOL,
        atol=ATOL * scale,
        what="onnxruntime logits of the exported file",
        where=WHERE,
        repro=f"x.shape={tuple(x.shape)}",
    )
    top2 = expected.topk(2, dim=1).values
    clear = (top2[:, 0] - top2[:, 1]) > 1e-3 * scale  # rows without a near-tie
    check_equal(
        out.argmax(1)[clear].tolist(),
        expected.argmax(1)[clear].tolist(),
        where=WHERE,
        what="argmax of the exported file's logits (rows without a near-tie)",
    )


@pytest.mark.parametrize("device", devices())
def test_export_onnx_records_eval_mode(onnx_exports, device: str) -> None:
    """The file computes the model's eval behaviour even when handed a model in training mode.

    Exported in training mode, BatchNorm normalizes with each batch's own statistics, and Dropout
    becomes an ONNX Dropout(training_mode=True) that drops activations at random (onnxruntime's
    graph optimizer happens to delete it, so the file runs here as written: optimizations off).
    torch.onnx also warns about a train-mode export, an error in this suite: call model.eval() first.
    """
    model, path = onnx_exports.get("norm-dropout", device)
    x = _images(5, NORM_SHAPE)
    repro = "export_onnx(model.train(), path, torch.zeros(3, 3, 5, 7)); run path twice on x"
    for run in ("first", "second"):
        check_tensor(
            _run_onnx(path, x, optimize=False),
            _expected(model, x),
            rtol=RTOL,
            atol=ATOL,
            where=WHERE,
            what=f"logits of the exported file ({run} run, BatchNorm + Dropout model)",
            repro=repro,
        )


@pytest.mark.parametrize("device", devices())
def test_export_onnx_traces_the_example_input(onnx_exports, device: str) -> None:
    """The file takes inputs of the example's shape: the example defines what the model takes, so an
    export from a hard-coded torch.zeros(1, 1, 28, 28) only fits the tutorial's model (and so does
    dynamic_shapes={"x": ...}: this model's forward calls its input `images`)."""
    _, path = onnx_exports.get("norm-dropout", device)
    repro = "export_onnx(model, path, torch.zeros(3, 3, 5, 7))  # a model of (N, 3, 5, 7) inputs"
    dims = onnx.load(path, load_external_data=False).graph.input[0].type.tensor_type.shape.dim
    fixed = [d.dim_value or d.dim_param or "?" for d in dims[1:]]  # a symbolic size would do too
    check(
        len(fixed) == len(NORM_SHAPE) and all(isinstance(d, str) or d == n for d, n in zip(fixed, NORM_SHAPE)),
        what="the file's input dimensions after the batch",
        actual=fixed,
        expected=list(NORM_SHAPE),
        where=WHERE,
        repro=repro,
    )
    check_equal(
        tuple(_run_onnx(path, _images(2, NORM_SHAPE)).shape),
        (2, 10),
        where=WHERE,
        repro=repro,
        what="output shape of the file for a (2, 3, 5, 7) input",
    )


@pytest.mark.parametrize("kind", ["mlp", "norm-dropout"])
@pytest.mark.parametrize("device", devices())
def test_export_onnx_leaves_the_models_tensors_unchanged(onnx_exports, kind: str, device: str) -> None:
    """Exporting writes a file; the caller's model keeps its device, dtypes, weights, running statistics
    and requires_grad flags. model.cpu() or model.half() for the export, or a trial forward in training
    mode (BatchNorm updates its running statistics from the example), change the model itself."""
    before, after = onnx_exports.states(kind, device)
    repro = f"export_onnx(model, path, example)  # the {kind} model on {device}; then model.state_dict()"
    check_equal(
        list(after["tensors"]),
        list(before["tensors"]),
        what="model.state_dict() keys after export_onnx",
        where=WHERE,
        repro=repro,
    )
    for key, tensor in before["tensors"].items():
        check_tensor_equal(
            after["tensors"][key],
            tensor,
            what=f"model.state_dict()[{key!r}] after export_onnx",
            where=WHERE,
            repro=repro,
        )
    check_equal(
        after["requires_grad"],
        before["requires_grad"],
        where=WHERE,
        repro=repro,
        what="requires_grad of the model's parameters after export_onnx",
    )


@pytest.mark.parametrize("device", devices())
def test_export_onnx_leaves_an_eval_model_in_eval_mode(onnx_exports, device: str) -> None:
    """The tutorial's model, handed over in eval mode, is still in eval mode after the export: restore
    the mode the model had (model.train(was_training)), not model.train(), or export a copy."""
    before, after = onnx_exports.states("mlp", device)
    check_equal(before["training"], [], what="modules in training mode before export_onnx (scaffolding)", where=WHERE)
    check_equal(
        after["training"],
        [],
        what="modules in training mode after export_onnx(model.eval(), ...)",
        where=WHERE,
        repro="export_onnx(model.eval(), path, example); model.training",
    )


# ---------------------------------------------------------------------------------------------
# export_onnx then onnx_predict (onnx_predict alone: test_persistence_onnx_predict.py)


@pytest.mark.parametrize("device", devices())
def test_export_onnx_then_onnx_predict_matches_the_model(impl, onnx_exports, device: str) -> None:
    model, path = onnx_exports.get("mlp", device)
    x = _images(7)
    out = _predict(impl, path, x, repro="export_onnx(model, path, example); onnx_predict(path, x)")
    check_tensor(
        torch.as_tensor(np.asarray(out)),
        _expected(model, x),
        rtol=RTOL,
        atol=ATOL,
        where=WHERE_PREDICT,
        what=f"onnx_predict of export_onnx's file (model on {device})",
    )


# ---------------------------------------------------------------------------------------------
# What changed since the page (torch 1.9 -> 2.14): facts about torch.onnx and onnxruntime


def test_drift_legacy_torchscript_exporter_is_deprecated(ref, tmp_path: Path) -> None:
    """The page's torch.onnx.export traced the model with TorchScript. Since torch 2.9 the default is
    the torch.export-based exporter (dynamo=True); dynamo=False still works but warns."""
    model = ref.NeuralNetwork().eval()
    with pytest.warns(DeprecationWarning) as record:  # all of them: pytest.warns re-emits the others
        torch.onnx.export(
            model,
            (torch.zeros(EXAMPLE_SHAPE),),
            tmp_path / "legacy.onnx",
            dynamo=False,
            input_names=["input"],
            dynamic_axes={"input": {0: "batch"}},
        )
    messages = [str(w.message) for w in record]
    check(
        any("legacy TorchScript-based ONNX export" in m for m in messages),
        what="DeprecationWarnings",
        actual=messages,
        expected="one about the legacy TorchScript-based ONNX export",
        where=WHERE,
    )
    check_equal(
        tuple(_run_onnx(tmp_path / "legacy.onnx", _images(7)).shape),
        (7, 10),
        where=WHERE,
        what="output shape of the legacy export for a batch of 7",
    )


@pytest.mark.slow
def test_drift_default_export_writes_weights_to_a_sidecar(ref, tmp_path: Path) -> None:
    """torch.onnx.export(model, args, 'model.onnx') (dynamo, the default) puts the weights in
    'model.onnx.data' beside the file, however small the model: external_data=True by default."""
    torch.onnx.export(ref.NeuralNetwork().eval(), (torch.zeros(EXAMPLE_SHAPE),), tmp_path / "model.onnx")
    check_equal(
        sorted(p.name for p in tmp_path.iterdir()),
        ["model.onnx", "model.onnx.data"],
        where=WHERE,
        what="files of torch.onnx.export(model, args, 'model.onnx')",
    )


@pytest.mark.slow
def test_drift_default_export_fixes_the_batch_dimension(ref, tmp_path: Path) -> None:
    """Without dynamic_shapes the exported graph keeps the example's batch size (the page's 1)."""
    path = tmp_path / "model.onnx"
    torch.onnx.export(ref.NeuralNetwork().eval(), (torch.zeros(EXAMPLE_SHAPE),), path, external_data=False)
    first = onnx.load(path).graph.input[0].type.tensor_type.shape.dim[0]
    check_equal(first.dim_value, 1, what="the file's input dimension 0", where=WHERE)
    session = _session(str(path), True)
    exc = check_raises(
        Exception,
        lambda: session.run(None, {session.get_inputs()[0].name: _images(7).numpy()}),
        what="onnxruntime on a batch of 7",
        where=WHERE,
    )  # onnxruntime's InvalidArgument
    check(
        "invalid dimensions" in str(exc),
        what="the error",
        actual=str(exc),
        expected="about the input's dimensions",
        where=WHERE,
    )


@pytest.mark.slow
def test_drift_onnxruntime_strips_a_train_mode_dropout(tmp_path: Path) -> None:
    """Why test_export_onnx_records_eval_mode runs the file with optimizations off: a Dropout exported in
    training mode is random as written, but onnxruntime's default graph optimizer removes it."""
    model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 16), nn.Dropout(0.5), nn.Linear(16, 10)).train()
    path = tmp_path / "model.onnx"
    with pytest.warns(UserWarning, match="training mode"):
        torch.onnx.export(
            model,
            (torch.zeros(EXAMPLE_SHAPE),),
            path,
            external_data=False,
            dynamic_shapes=({0: torch.export.Dim("batch")},),
        )
    x = _images(5)
    check_tensor(
        _run_onnx(path, x),
        _expected(model, x),
        rtol=RTOL,
        atol=ATOL,
        where=WHERE,
        what="optimized onnxruntime output of a train-mode Dropout export",
    )
    first, second = _run_onnx(path, x, optimize=False), _run_onnx(path, x, optimize=False)
    check(
        not torch.equal(first, second),
        what="two unoptimized runs",
        actual="equal",
        expected="different (Dropout with training_mode=True)",
        where=WHERE,
    )
