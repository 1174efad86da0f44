"""Tutorial 1.9.3 Exporting the Model to ONNX (将模型导出为ONNX), the second half: onnx_predict runs a
.onnx file with onnxruntime. It is checked on hand-written ONNX graphs (the tutorial's MLP, and a classifier of
(N, 3, 5, 7) inputs and 7 classes), so it
depends neither on the learner's export_onnx nor on torch's exporter (export_onnx and the pair of them:
test_persistence_onnx.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
import torch
from hypothesis import given
from torch import nn

from spec.helpers import strategies
from spec.helpers.calls import Call
from spec.helpers.checks import check, check_equal
from spec.helpers.random_stream import check_draws_no_random_numbers
from spec.helpers.recorders import OTHER_INPUT_SHAPE, OTHER_NUM_CLASSES, make_other_classifier
from spec.pages.test_persistence_onnx import _check_logits, _expected, _images, _predict, _scaled

pytestmark = pytest.mark.persistence


def write_mlp_onnx(
    model: nn.Module, path: Path, *, input_name: str, output_name: str, input_shape: tuple[int, ...] = (1, 28, 28)
) -> None:
    """The tutorial's MLP (or any Flatten + Linear/ReLU stack taking `input_shape` samples) as a
    hand-written ONNX graph: Flatten, then Gemm (x @ W.T + b) and Relu."""
    from onnx import TensorProto, helper, numpy_helper

    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    nodes = [helper.make_node("Flatten", [input_name], ["h0"], axis=1)]  # (N, 1, 28, 28) -> (N, 784)
    weights = []
    for i, linear in enumerate(linears, start=1):
        weights += [
            numpy_helper.from_array(linear.weight.detach().cpu().numpy(), f"w{i}"),
            numpy_helper.from_array(linear.bias.detach().cpu().numpy(), f"b{i}"),
        ]
        last = i == len(linears)
        nodes.append(
            helper.make_node("Gemm", [f"h{i - 1}", f"w{i}", f"b{i}"], [output_name if last else f"z{i}"], transB=1)
        )
        if not last:
            nodes.append(helper.make_node("Relu", [f"z{i}"], [f"h{i}"]))
    graph = helper.make_graph(
        nodes,
        "mlp",
        [helper.make_tensor_value_info(input_name, TensorProto.FLOAT, ["batch", *input_shape])],
        [helper.make_tensor_value_info(output_name, TensorProto.FLOAT, ["batch", linears[-1].out_features])],
        weights,
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), path)


def mlp_file(
    name: str = "mlp.onnx",
    *,
    model: str = "NeuralNetwork().eval()",
    maker: str = "from reference import NeuralNetwork",
    input_name: str = "input",
    **options: str,
) -> Call:
    """The text `path` whose setup writes a file like the test's with write_mlp_onnx (its own random weights), for
    a reproduce line: the `model` in code, made by what `maker` imports (the reference's NeuralNetwork)."""
    written = ", ".join(f"{key}={value}" for key, value in {"output_name": "'logits'", **options}.items())
    setup = (
        f"{maker}; from spec.pages.test_persistence_onnx_predict import write_mlp_onnx; "
        f"path = {name!r}; write_mlp_onnx({model}, path, input_name={input_name!r}, {written})"
    )
    return Call("onnx_predict", "path", setup=setup)


MLP_FILE = mlp_file()


@pytest.fixture(scope="module")
def mlp_onnx(ref, tmp_path_factory: pytest.TempPathFactory) -> tuple[nn.Module, Path]:
    """(the tutorial's MLP, a .onnx file of it with input "input" and output "logits")."""
    model = ref.NeuralNetwork().eval()
    path = tmp_path_factory.mktemp("onnx-handwritten") / "mlp.onnx"
    write_mlp_onnx(model, path, input_name="input", output_name="logits")
    return model, path


@pytest.mark.parametrize("n", [1, 7, 64])
def test_onnx_predict_returns_one_row_of_logits_per_input(impl, mlp_onnx, n: int) -> None:
    _, path = mlp_onnx
    out, c = _predict(impl, path, _images(n), file=MLP_FILE)
    expected = "numpy.ndarray (session.run returns a list of outputs: take [0])"
    check(
        isinstance(out, np.ndarray),
        call=c.named(f"type({c})"),
        actual=type(out).__name__,
        expected=expected,
        kind="type",
    )
    check_equal(out.shape, (n, 10), call=c.dot("shape"))
    check_equal(out.dtype, np.dtype(np.float32), call=c.dot("dtype"))


def test_onnx_predict_returns_logits_not_probabilities(impl, mlp_onnx) -> None:
    model, path = mlp_onnx
    x = _images(7)
    out, c = _predict(impl, path, x, file=MLP_FILE)
    _check_logits(out, model, x, call=c)


def test_onnx_predict_accepts_a_float32_array(impl, mlp_onnx) -> None:
    """The contract's input is a float32 array, what the file's tensor(float) input takes as it is.
    Converting it to float64 (np.array(x, dtype=float)) makes onnxruntime raise."""
    model, path = mlp_onnx
    out, c = _predict(impl, path, _images(3), file=MLP_FILE)
    check_equal(np.shape(out), (3, 10), call=c.named(f"np.shape({c})"))


def test_onnx_predict_reads_input_and_output_names_from_the_file(impl, ref, tmp_path: Path) -> None:
    """Files name their input and output as their exporter chose ("x", "input.1", "pixels"):
    session.get_inputs()[0].name, not a hard-coded "input"."""
    model = ref.NeuralNetwork().eval()
    write_mlp_onnx(model, tmp_path / "named.onnx", input_name="pixels", output_name="scores")
    x = _images(7)
    named = mlp_file("named.onnx", input_name="pixels", output_name="'scores'")
    out, c = _predict(impl, tmp_path / "named.onnx", x, file=named)
    _check_logits(out, model, x, call=c, situation="a file whose input is 'pixels' and output 'scores'")


def test_onnx_predict_takes_any_input_shape_and_number_of_classes(impl, tmp_path: Path) -> None:
    """A file of (N, 3, 5, 7) inputs and 7 classes: the array goes in as it is and the logits come out as
    the file makes them (no reshape to the tutorial's (-1, 1, 28, 28) or (-1, 10))."""
    model = make_other_classifier().eval()
    path = tmp_path / "other.onnx"
    write_mlp_onnx(model, path, input_name="input", output_name="logits", input_shape=OTHER_INPUT_SHAPE)
    x = _images(5, OTHER_INPUT_SHAPE)
    other = mlp_file(
        "other.onnx",
        model="make_other_classifier().eval()",
        maker="from spec.helpers.recorders import make_other_classifier",
        input_shape=repr(OTHER_INPUT_SHAPE),
    )
    out, c = _predict(impl, path, x, file=other)
    situation = "a file of (N, 3, 5, 7) inputs and 7 classes"
    check_equal(np.shape(out), (5, OTHER_NUM_CLASSES), call=c.named(f"np.shape({c})"), situation=situation)
    _check_logits(out, model, x, call=c, situation=situation)


def test_onnx_predict_runs_the_file_as_it_is_now(impl, ref, tmp_path: Path) -> None:
    """A file overwritten at the same path (the model re-exported after more training) gives the new
    model's logits: a session cached by path keeps running the old one."""
    path, x = tmp_path / "model.onnx", _images(7)
    for version in ("first", "second"):
        model = ref.NeuralNetwork().eval()  # new weights each time
        write_mlp_onnx(model, path, input_name="input", output_name="logits")
        out, c = _predict(impl, path, x, file=mlp_file("model.onnx"))
        _check_logits(out, model, x, call=c, situation=f"the {version} model written to path")


@given(x=strategies.images().filter(lambda x: x.dim() == 4))
def test_onnx_predict_matches_the_model_on_random_inputs(impl, mlp_onnx, x: torch.Tensor) -> None:
    model, path = mlp_onnx
    out, c = _predict(impl, path, x, file=MLP_FILE)  # x: hypothesis's example, built by the setup's x
    scale = float(_expected(model, x).abs().max()) + 1.0
    _check_logits(out, model, x, call=c, tol=_scaled(scale), situation="x: hypothesis's example")


def test_onnx_predict_draws_no_random_numbers(impl, mlp_onnx) -> None:
    """Running the file draws nothing from torch's random stream and never reseeds it."""
    _, path = mlp_onnx
    array = _images(3).numpy()
    check_draws_no_random_numbers(lambda: impl.onnx_predict(path, array), call=Call.of("onnx_predict", "path", "x"))
