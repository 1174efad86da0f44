"""Tutorial 1.6 Build the Neural Network: the page's walk-through of its layers (1.6.3) and parameters (1.6.4),
as facts about torch.nn.

These check torch itself, not the implementation under test: a learner reads the behaviour the page
describes off a passing test.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from spec.helpers.calls import Call, Tol
from spec.helpers.checks import check, check_equal, check_tensor, check_tensor_equal, devices, make_tensor

pytestmark = pytest.mark.model


@pytest.mark.parametrize("device", devices())
def test_fact_flatten_keeps_the_batch_dimension(device: str) -> None:
    """nn.Flatten turns each 28x28 image into 784 values and keeps dim 0: (3, 28, 28) -> (3, 784)."""
    flat = nn.Flatten()(make_tensor((3, 28, 28), device=device))
    check_equal(tuple(flat.shape), (3, 784), call=Call("model", "nn.Flatten()(torch.rand(3, 28, 28)).shape"))


@pytest.mark.parametrize("device", devices())
def test_fact_linear_maps_784_to_20_features(device: str) -> None:
    """nn.Linear(784, 20) applies x @ weight.T + bias to each row: (3, 784) -> (3, 20)."""
    layer = nn.Linear(in_features=28 * 28, out_features=20).to(device)
    x = make_tensor((3, 784), device=device)
    out = layer(x)
    call = Call("model", "layer(x)", setup="layer = nn.Linear(784, 20); x = torch.rand(3, 784)")
    check_equal(tuple(out.shape), (3, 20), call=call.dot("shape"))
    check_tensor(
        out,
        x @ layer.weight.T + layer.bias,
        call=call,
        tol=Tol(rtol=1e-5, atol=1e-5),
        situation="x @ layer.weight.T + layer.bias",
    )


@pytest.mark.parametrize("device", devices())
def test_fact_relu_zeroes_exactly_the_negatives(device: str) -> None:
    x = make_tensor((3, 20), device=device, low=-1.0, high=1.0)
    call = Call("model", "nn.ReLU()(x)", setup="x = torch.randn(3, 20)")
    check_tensor_equal(
        nn.ReLU()(x), torch.where(x < 0, torch.zeros_like(x), x), call=call, situation="x with its negatives zeroed"
    )


@pytest.mark.parametrize("device", devices())
def test_fact_sequential_applies_modules_in_order(device: str) -> None:
    flatten, linear, relu, last = nn.Flatten(), nn.Linear(28 * 28, 20), nn.ReLU(), nn.Linear(20, 10)
    seq = nn.Sequential(flatten, linear, relu, last).to(device)
    x = make_tensor((3, 28, 28), device=device)
    call = Call(
        "model",
        "seq",
        setup="flatten, linear, relu, last = nn.Flatten(), nn.Linear(784, 20), nn.ReLU(), nn.Linear(20, 10); "
        "seq = nn.Sequential(flatten, linear, relu, last); x = torch.rand(3, 28, 28)",
    )
    check_equal(list(seq), [flatten, linear, relu, last], call=call.named("list(seq)"))
    check_tensor_equal(
        seq(x), last(relu(linear(flatten(x)))), call=call.named("seq(x)"), situation="last(relu(linear(flatten(x))))"
    )


@pytest.mark.parametrize("device", devices())
def test_fact_softmax_dim1_rows_sum_to_1(device: str) -> None:
    """nn.Softmax(dim=1) scales logits in [-inf, inf] to [0, 1], each row (sample) summing to 1."""
    logits = make_tensor((3, 10), device=device, low=-5.0, high=5.0)
    probs = nn.Softmax(dim=1)(logits)
    call = Call("model", "nn.Softmax(dim=1)(logits)", setup="logits = torch.rand(3, 10) * 10 - 5")
    check(bool(((probs >= 0) & (probs <= 1)).all()), call=call, actual=probs, expected="values in [0, 1]")
    check_tensor(
        probs.sum(dim=1), torch.ones(3, device=device), call=call.dot("sum(dim=1)"), tol=Tol(rtol=0, atol=1e-6)
    )
    situation = "the predicted class is the same: logits.argmax(dim=1)"
    check_tensor_equal(probs.argmax(dim=1), logits.argmax(dim=1), call=call.dot("argmax(dim=1)"), situation=situation)


def test_fact_named_parameters_list_weight_then_bias_per_layer() -> None:
    seq = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))
    names = [name for name, _ in seq.named_parameters()]
    setup = "seq = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))"
    call = Call("model", "[n for n, p in seq.named_parameters()]", setup=setup)
    check_equal(names, ["0.weight", "0.bias", "2.weight", "2.bias"], call=call)
