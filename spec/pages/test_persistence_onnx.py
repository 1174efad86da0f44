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
from spec.helpers.calls import Call, Tol
from spec.helpers.checks import (
    call_checked,
    check,
    check_equal,
    check_raises,
    check_tensor,
    check_tensor_equal,
    devices,
    fail,
    make_tensor,
)

pytestmark = pytest.mark.persistence

# The page exports from `torch.zeros((1, 3, 224, 224))`: one example of the right shape, all zeros.
EXAMPLE_SHAPE = (1, 1, 28, 28)
# The second model's input: (N, 3, 5, 7), neither the tutorial's image nor square.
NORM_SHAPE = (3, 5, 7)
# onnxruntime's float32 kernels (MLAS Gemm) vs torch's (MKL, cuBLAS): same math, other summation order.
TOL = Tol(rtol=1e-4, atol=1e-5)
# The code of what the checks read from a file, for messages.
INPUT_DIMS = "onnx.load({}, load_external_data=False).graph.input[0].type.tensor_type.shape.dim"
IN_TRAINING = "[n for n, m in model.named_modules() if m.training]"


def _scaled(scale: float) -> Tol:
    """TOL for logits up to `scale` in size (hypothesis's inputs span 1e-2 .. 1e2: logits up to ~100)."""
    return TOL._replace(atol=TOL.atol * scale)


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


def _export_call(kind: str, device: str) -> Call:
    """export_onnx of the model of `kind` on `device`, as a learner can replay it."""
    if kind == "mlp":
        setup = f"import onnx, os; from reference import NeuralNetwork; model = NeuralNetwork().to({device!r}).eval()"
        shape = EXAMPLE_SHAPE
    else:
        setup = "import onnx, os; from spec.pages.test_persistence_onnx import _norm_dropout_net"
        setup += f"; model = _norm_dropout_net({device!r})"
        shape = (3, *NORM_SHAPE)
    return Call.of("export_onnx", "model", "'out/model.onnx'", f"torch.zeros({shape}, device={device!r})", setup=setup)


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

    def states(self, kind: str, device: str) -> tuple[dict[str, Any], dict[str, Any], Call]:
        """(_snapshot before export_onnx, _snapshot right after it, the export's Call) of the model."""
        self.get(kind, device)
        export = _export_call(kind, device)
        return (*self.snapshots[kind, device], export.also(str(export)))

    def get(self, kind: str, device: str) -> tuple[nn.Module, Path, Call]:
        """(model, path of its .onnx file, the file's Call: text its path, setup the export); the file is alone in
        its directory."""
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
        export = _export_call(kind, device)
        if isinstance(result, BaseException):
            first = (str(result).strip().splitlines() or [""])[0][:300]
            fail(
                export,
                actual=f"{type(result).__name__}: {first}",
                expected="a file (the first test that exported this model shows the traceback)",
                kind="raised",
            )
        return (*result, export.also(str(export)).named("'out/model.onnx'"))

    def _export(self, export_onnx: Any, kind: str, device: str) -> tuple[nn.Module, Path]:
        if kind == "mlp":  # the tutorial's model, in eval mode as the page hands it over after training
            model, example = self.ref.NeuralNetwork().to(device).eval(), torch.zeros(EXAMPLE_SHAPE, device=device)
        else:  # train and eval differ: handed over in training mode; an odd batch so BatchNorm can train
            model, example = _norm_dropout_net(device), torch.zeros((3, *NORM_SHAPE), device=device)
        path = self.factory.mktemp(f"onnx-{kind}-{device}") / "model.onnx"
        torch.manual_seed(1)
        torch.rand(1)  # a state no torch.manual_seed(k) leaves: a reseed inside the export shows (the test's guard
        before = {**_snapshot(model), "rng": torch.get_rng_state()}  # restores the caller's stream afterwards)
        export_onnx(model, path, example)
        self.snapshots[kind, device] = (before, {**_snapshot(model), "rng": torch.get_rng_state()})
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


def _x_setup(x: torch.Tensor) -> str:
    """x as a learner can make it: ToTensor-like images of x's shape, float32."""
    return f"x = np.random.rand({', '.join(map(str, x.shape))}).astype(np.float32)"


# onnxruntime without graph optimizations, as _session(path, optimize=False) runs a file.
UNOPTIMIZED = (
    "import onnxruntime as ort; so = ort.SessionOptions(); "
    "so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL"
)


def _ran(file: Call, x: torch.Tensor, *, optimize: bool = True, x_setup: str = "") -> Call:
    """onnxruntime's first output for x of the file `file` (a Call whose text is the path, whose setup writes it)."""
    session = (
        f"import onnxruntime as ort; session = ort.InferenceSession({file})"
        if optimize
        else f"{UNOPTIMIZED}; session = ort.InferenceSession({file}, so)"
    )
    return file.also(f"{session}; {x_setup or _x_setup(x)}").named(
        "session.run(None, {session.get_inputs()[0].name: x})[0]"
    )


def _run_onnx(
    path: Path, x: torch.Tensor, *, file: Call, optimize: bool = True, x_setup: str = ""
) -> tuple[torch.Tensor, Call]:
    """onnxruntime's first output for x (scaffolding: the spec's own runner, not onnx_predict), and its Call."""
    __tracebackhide__ = True
    session, ran = _session(str(path), optimize), _ran(file, x, optimize=optimize, x_setup=x_setup)
    run = lambda: torch.from_numpy(session.run(None, {session.get_inputs()[0].name: x.cpu().numpy()})[0])  # noqa: E731
    return call_checked(run, call=ran, expected="logits (N, 10)"), ran


def _expected(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """model(x) in eval mode without gradients, on the CPU: what the exported file should compute."""
    model.eval()
    with torch.no_grad():
        return model(x.to(next(model.parameters()).device)).cpu()


def _images(n: int, shape: tuple[int, ...] = (1, 28, 28)) -> torch.Tensor:
    """n ToTensor-like images (n, *shape) in [0, 1)."""
    return make_tensor((n, *shape), low=0.0, high=1.0)


def _predict(impl, path: Path, x: torch.Tensor, *, file: Call | None = None, x_setup: str = "") -> tuple[Any, Call]:
    """impl.onnx_predict(path, x as float32 numpy) and its Call; an error becomes a failure saying so.

    `file`: the Call whose text is the path and whose setup writes the file (else the text is `path`)."""
    __tracebackhide__ = True
    setup = "; ".join(s for s in (file.reproduce if file else "", x_setup or _x_setup(x)) if s)
    call = Call.of("onnx_predict", file.text if file else "path", "x", setup=setup)
    array = x.numpy().astype(np.float32)
    expected = "logits: session.run(None, {session.get_inputs()[0].name: array}) on the array as given"
    return call_checked(lambda: impl.onnx_predict(path, array), call=call, expected=expected), call


def _check_logits(
    out: Any, model: nn.Module, x: torch.Tensor, *, call: Call, tol: Tol = TOL, situation: str = ""
) -> None:
    """onnx_predict's `out` (an array) equals model(x) in eval mode within `tol`: raw logits, no softmax."""
    __tracebackhide__ = True
    situation = f"as model(x){', ' if situation else ''}{situation}"
    check_tensor(torch.as_tensor(np.asarray(out)), _expected(model, x), call=call, tol=tol, situation=situation)


# ---------------------------------------------------------------------------------------------
# export_onnx: one file, valid, dynamic batch, same logits as the model in eval mode


@pytest.mark.parametrize("device", devices())
def test_export_onnx_writes_one_self_contained_file(onnx_exports, tmp_path: Path, device: str) -> None:
    """The .onnx file alone holds the weights. torch.onnx.export(..., dynamo=True) writes them to a
    sidecar `model.onnx.data` unless external_data=False; copying the .onnx alone then breaks it."""
    _, path, c = onnx_exports.get("mlp", device)
    check_equal(sorted(p.name for p in path.parent.iterdir()), [path.name], call=c.named("sorted(os.listdir('out'))"))
    proto = onnx.load(path, load_external_data=False)
    external = [t.name for t in proto.graph.initializer if onnx.external_data_helper.uses_external_data(t)]
    stored = f"[t.name for t in onnx.load({c}, load_external_data=False).graph.initializer if t.data_location]"
    check_equal(external, [], call=c.named(stored))
    shutil.copy(path, tmp_path / "copied.onnx")
    out, ran = _run_onnx(
        tmp_path / "copied.onnx", _images(1), file=c.also(f"shutil.copy({c}, 'copied.onnx')").named("'copied.onnx'")
    )
    check_equal(tuple(out.shape), (1, 10), call=ran.dot("shape"))


@pytest.mark.parametrize("device", devices())
def test_export_onnx_passes_the_onnx_checker(onnx_exports, device: str) -> None:
    _, path, c = onnx_exports.get("mlp", device)
    call_checked(
        lambda: onnx.checker.check_model(onnx.load(path), full_check=True),
        call=c.named(f"onnx.checker.check_model(onnx.load({c}), full_check=True)"),
        expected="no error",
    )


@pytest.mark.parametrize("n", [1, 7, 64])
@pytest.mark.parametrize("device", devices())
def test_export_onnx_batch_dimension_is_dynamic(onnx_exports, n: int, device: str) -> None:
    """Exported from one example (batch 1), the file takes any batch size: a symbolic first dimension
    (dynamic_shapes=({0: torch.export.Dim("batch")},), one dict per positional input whatever forward
    calls it, or, legacy, dynamic_axes={"input": {0: "batch"}})."""
    _, path, c = onnx_exports.get("mlp", device)
    first = onnx.load(path, load_external_data=False).graph.input[0].type.tensor_type.shape.dim[0]
    check(
        first.dim_param and not first.dim_value,
        call=c.named(INPUT_DIMS.format(c) + "[0]"),
        actual=first.dim_value or "unset",
        expected="symbolic (dim_param, e.g. 'batch'), not fixed",
    )
    out, ran = _run_onnx(path, _images(n), file=c)  # a fixed batch: onnxruntime's "Got invalid dimensions for input"
    check_equal(tuple(out.shape), (n, 10), call=ran.dot("shape"))


@pytest.mark.parametrize("n", [1, 7, 64])
@pytest.mark.parametrize("device", devices())
def test_export_onnx_logits_match_the_model(onnx_exports, n: int, device: str) -> None:
    model, path, c = onnx_exports.get("mlp", device)
    x = _images(n)
    out, ran = _run_onnx(path, x, file=c)
    check_tensor(out, _expected(model, x), call=ran, tol=TOL, situation="as model(x)")


@given(x=strategies.images().filter(lambda x: x.dim() == 4))
@pytest.mark.parametrize("device", devices())
def test_export_onnx_logits_match_the_model_on_random_inputs(onnx_exports, x: torch.Tensor, device: str) -> None:
    model, path, c = onnx_exports.get("mlp", device)
    (out, ran), expected = _run_onnx(path, x, file=c, x_setup="x = x.numpy()"), _expected(model, x)  # hypothesis's x
    scale = float(expected.abs().max()) + 1.0
    check_tensor(out, expected, call=ran, tol=_scaled(scale), situation="as model(x), x: hypothesis's example")
    top2 = expected.topk(2, dim=1).values
    clear = (top2[:, 0] - top2[:, 1]) > 1e-3 * scale  # rows without a near-tie
    argmax = ran.dot("argmax(1)")
    check_equal(
        out.argmax(1)[clear].tolist(),
        expected.argmax(1)[clear].tolist(),
        call=argmax,
        situation="rows without a near-tie",
    )


@pytest.mark.parametrize("device", devices())
def test_export_onnx_records_eval_mode(onnx_exports, device: str) -> None:
    """The file computes the model's eval behaviour even when handed a model in training mode.

    Exported in training mode, BatchNorm normalizes with each batch's own statistics, and Dropout
    becomes an ONNX Dropout(training_mode=True) that drops activations at random (onnxruntime's
    graph optimizer happens to delete it, so the file runs here as written: optimizations off).
    torch.onnx also warns about a train-mode export, an error in this suite: call model.eval() first.
    """
    model, path, c = onnx_exports.get("norm-dropout", device)
    x = _images(5, NORM_SHAPE)
    for run in ("first", "second"):
        out, ran = _run_onnx(path, x, file=c, optimize=False)
        check_tensor(out, _expected(model, x), call=ran, tol=TOL, situation=f"as model.eval()(x), {run} run")


@pytest.mark.parametrize("device", devices())
def test_export_onnx_traces_the_example_input(onnx_exports, device: str) -> None:
    """The file takes inputs of the example's shape: the example defines what the model takes, so an
    export from a hard-coded torch.zeros(1, 1, 28, 28) only fits the tutorial's model (and so does
    dynamic_shapes={"x": ...}: this model's forward calls its input `images`)."""
    _, path, c = onnx_exports.get("norm-dropout", device)
    dims = onnx.load(path, load_external_data=False).graph.input[0].type.tensor_type.shape.dim
    fixed = [d.dim_value or d.dim_param or "?" for d in dims[1:]]  # a symbolic size would do too
    check(
        len(fixed) == len(NORM_SHAPE) and all(isinstance(d, str) or d == n for d, n in zip(fixed, NORM_SHAPE)),
        call=c.named(f"[d.dim_value or d.dim_param for d in {INPUT_DIMS.format(c)}[1:]]"),
        actual=fixed,
        expected=list(NORM_SHAPE),
    )
    out, ran = _run_onnx(path, _images(2, NORM_SHAPE), file=c)
    check_equal(tuple(out.shape), (2, 10), call=ran.dot("shape"))


@pytest.mark.parametrize("kind", ["mlp", "norm-dropout"])
@pytest.mark.parametrize("device", devices())
def test_export_onnx_leaves_the_models_tensors_unchanged(onnx_exports, kind: str, device: str) -> None:
    """Exporting writes a file; the caller's model keeps its device, dtypes, weights, running statistics
    and requires_grad flags. model.cpu() or model.half() for the export, or a trial forward in training
    mode (BatchNorm updates its running statistics from the example), change the model itself."""
    before, after, c = onnx_exports.states(kind, device)
    state = c.named("model.state_dict()")
    check_equal(list(after["tensors"]), list(before["tensors"]), call=state.dot("keys()"))
    for key, tensor in before["tensors"].items():
        check_tensor_equal(after["tensors"][key], tensor, call=state.at(repr(key)), situation="as before export_onnx")
    flags = c.named("{n: p.requires_grad for n, p in model.named_parameters()}")
    check_equal(after["requires_grad"], before["requires_grad"], call=flags, situation="as before export_onnx")


@pytest.mark.parametrize("device", devices())
def test_export_onnx_leaves_an_eval_model_in_eval_mode(onnx_exports, device: str) -> None:
    """The tutorial's model, handed over in eval mode, is still in eval mode after the export: restore
    the mode the model had (model.train(was_training)), not model.train(), or export a copy."""
    before, after, c = onnx_exports.states("mlp", device)
    check_equal(before["training"], [], call=c.named(IN_TRAINING), situation="scaffolding: before export_onnx")
    check_equal(after["training"], [], call=c.named(IN_TRAINING))


def test_export_onnx_draws_no_random_numbers(onnx_exports) -> None:
    """Exporting draws nothing from torch's random stream and never reseeds it (the exporter itself draws nothing):
    a training run that exports a checkpoint goes on with the same random numbers as one that does not."""
    before, after, c = onnx_exports.states("mlp", "cpu")
    check(
        torch.equal(before["rng"], after["rng"]),
        call=c.named("torch.get_rng_state()"),
        actual="torch's random stream moved on (a random number was drawn, or the stream reseeded)",
        expected="the stream as it was before export_onnx",
        kind="state",
    )


# ---------------------------------------------------------------------------------------------
# export_onnx then onnx_predict (onnx_predict alone: test_persistence_onnx_predict.py)


@pytest.mark.parametrize("device", devices())
def test_export_onnx_then_onnx_predict_matches_the_model(impl, onnx_exports, device: str) -> None:
    model, path, c = onnx_exports.get("mlp", device)
    x = _images(7)
    out, p = _predict(impl, path, x, file=c)
    _check_logits(out, model, x, call=p)


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
    c = Call("persistence", "torch.onnx.export(model, args, 'legacy.onnx', dynamo=False, dynamic_axes=...)")
    messages = [str(w.message) for w in record]
    check(
        any("legacy TorchScript-based ONNX export" in m for m in messages),
        call=c,
        actual=messages,
        expected="a DeprecationWarning about the legacy TorchScript-based ONNX export",
        situation="its warnings",
    )
    out, ran = _run_onnx(tmp_path / "legacy.onnx", _images(7), file=c.also(str(c)).named("'legacy.onnx'"))
    check_equal(tuple(out.shape), (7, 10), call=ran.dot("shape"))


@pytest.mark.slow
def test_drift_default_export_writes_weights_to_a_sidecar(ref, tmp_path: Path) -> None:
    """torch.onnx.export(model, args, 'model.onnx') (dynamo, the default) puts the weights in
    'model.onnx.data' beside the file, however small the model: external_data=True by default."""
    torch.onnx.export(ref.NeuralNetwork().eval(), (torch.zeros(EXAMPLE_SHAPE),), tmp_path / "model.onnx")
    c = Call("persistence", "sorted(os.listdir('out'))", setup="torch.onnx.export(model, args, 'out/model.onnx')")
    check_equal(sorted(p.name for p in tmp_path.iterdir()), ["model.onnx", "model.onnx.data"], call=c)


@pytest.mark.slow
def test_drift_default_export_fixes_the_batch_dimension(ref, tmp_path: Path) -> None:
    """Without dynamic_shapes the exported graph keeps the example's batch size (the page's 1)."""
    path = tmp_path / "model.onnx"
    torch.onnx.export(ref.NeuralNetwork().eval(), (torch.zeros(EXAMPLE_SHAPE),), path, external_data=False)
    export = "torch.onnx.export(NeuralNetwork().eval(), (torch.zeros(1, 1, 28, 28),), 'm.onnx', external_data=False)"
    c = Call("persistence", INPUT_DIMS.format("'m.onnx'") + "[0].dim_value", setup=export)
    check_equal(onnx.load(path).graph.input[0].type.tensor_type.shape.dim[0].dim_value, 1, call=c)
    session = _session(str(path), True)
    x = _images(7)
    run = _ran(c.named("'m.onnx'"), x)
    exc = check_raises(Exception, lambda: session.run(None, {session.get_inputs()[0].name: x.numpy()}), call=run)
    check("invalid dimensions" in str(exc), call=run, actual=exc, expected="an error about the input's dimensions")


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
    setup = "model = nn.Sequential(nn.Flatten(), nn.Linear(784, 16), nn.Dropout(0.5), nn.Linear(16, 10)).train()"
    file = Call(
        "persistence", "'m.onnx'", setup=f"{setup}; torch.onnx.export(model, args, 'm.onnx', dynamic_shapes=...)"
    )
    x = _images(5)
    out, ran = _run_onnx(path, x, file=file)
    check_tensor(out, _expected(model, x), call=ran, tol=TOL, situation="as model.eval()(x): Dropout optimized away")
    (first, ran), (second, _) = (_run_onnx(path, x, file=file, optimize=False) for _ in range(2))
    same = ran.named(f"np.array_equal({ran}, {ran})")
    check_equal(
        torch.equal(first, second), False, call=same, situation="optimizations off: Dropout(training_mode=True)"
    )
