"""Tutorial 1.6 Build the Neural Network (搭建神经网络): 1.6.2 the NeuralNetwork class, 1.6.3 the model's
layers, 1.6.4 its parameters.

NeuralNetwork is checked against the tutorial's module (reference.NeuralNetwork) loaded with the same
weights. get_device (1.6.1) and predict (1.6.2) are in test_model_predict.py; the page's walk-through of
torch.nn (Flatten, Linear, ReLU, Sequential, Softmax) is in test_model_facts.py.

Situations NeuralNetwork is checked in (issue 18):
- one instance: the tutorial's state_dict shapes, 669,706 trainable parameters, random initial weights, on the CPU;
- two instances: no parameter shared (layers built in __init__), different random starts (no seeding inside);
- batches of 1, 7 and 64 images, with and without the channel dimension; any weights (hypothesis, against the
  tutorial's model); train and eval mode alike (no dropout or softmax hidden in either);
- the caller's batch: values, shape and strides unchanged by the forward;
- the logits' graph reaches every parameter; on the CPU and on CUDA.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest
import torch
from hypothesis import given
from torch import nn

from spec.helpers import strategies
from spec.helpers.checks import (
    check,
    check_equal,
    check_tensor,
    check_tensor_equal,
    devices,
    make_tensor,
    shares_memory,
)

pytestmark = pytest.mark.model
WHERE_CLASS = "tutorial 1.6.2 Define the Class"
WHERE_LAYERS = "tutorial 1.6.3 Model Layers"
WHERE_PARAMS = "tutorial 1.6.4 Model Parameters"

# The tutorial's state_dict, in registration order: the ReLUs at indices 1 and 3 hold no parameters.
TUTORIAL_SHAPES = {
    "linear_relu_stack.0.weight": (512, 784),
    "linear_relu_stack.0.bias": (512,),
    "linear_relu_stack.2.weight": (512, 512),
    "linear_relu_stack.2.bias": (512,),
    "linear_relu_stack.4.weight": (10, 512),
    "linear_relu_stack.4.bias": (10,),
}
TUTORIAL_PARAMETER_COUNT = 669_706  # 784*512 + 512 + 512*512 + 512 + 512*10 + 10


def _images(n: int, *, device: str, channel: bool = True) -> torch.Tensor:
    """n ToTensor-like images in [0, 1): (n, 1, 28, 28), or (n, 28, 28) without the channel dim."""
    return make_tensor((n, 1, 28, 28) if channel else (n, 28, 28), device=device, low=0.0, high=1.0)


def _logits(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """model(x), or a spec failure when it is not a tensor (a forward that returns None, a tuple, a list)."""
    __tracebackhide__ = True
    out = model(x)
    check(
        isinstance(out, torch.Tensor),
        what=f"type(NeuralNetwork()(x)) for x of shape {tuple(x.shape)}",
        actual=type(out).__name__,
        expected="torch.Tensor: forward returns the logits, (N, 10)",
        where=WHERE_CLASS,
        repro=f"type(NeuralNetwork()(torch.rand{tuple(x.shape)}))",
    )
    return out


def _trace_linears(model: nn.Module, x: torch.Tensor) -> tuple[torch.Tensor, list[tuple[torch.Tensor, torch.Tensor]]]:
    """model(x), and the (input, output) of every nn.Linear call, in the order they ran.

    Copies are taken inside the hook, before a following in-place ReLU can overwrite the output.
    """
    calls: list[tuple[torch.Tensor, torch.Tensor]] = []

    def record(module: nn.Module, args: tuple[torch.Tensor, ...], output: torch.Tensor) -> None:
        calls.append((args[0].detach().clone(), output.detach().clone()))

    handles = [m.register_forward_hook(record) for m in model.modules() if isinstance(m, nn.Linear)]
    try:
        out = model(x)
    finally:
        for handle in handles:
            handle.remove()
    if not calls:  # a forward that computes with the layers' weights (x @ W.T + b) but never calls them
        pytest.skip(
            "NeuralNetwork's forward calls none of its nn.Linear modules, so their hooks see nothing: "
            "the layer-by-layer check needs them; "
            "test_neural_network_matches_tutorial_model_with_same_weights checks the whole forward"
        )
    check_equal(
        len(calls),
        3,
        what="number of nn.Linear calls in NeuralNetwork()(x)",
        where=WHERE_CLASS,
        repro="NeuralNetwork()(torch.rand(7, 1, 28, 28))",
    )
    return out, calls


def _random_state_dict(seed: int) -> dict[str, torch.Tensor]:
    """Weights of the tutorial's shapes, N(0, 1 / fan_in), biases N(0, 1 / fan_in): drawn from `seed`."""
    generator = torch.Generator().manual_seed(seed)
    sd = {}
    for key, shape in TUTORIAL_SHAPES.items():
        fan_in = TUTORIAL_SHAPES[key.replace("bias", "weight")][1]
        sd[key] = torch.randn(shape, generator=generator) / math.sqrt(fan_in)
    return sd


def _under_the_models_names(model: nn.Module, weights: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The tutorial's `weights` under `model`'s own state_dict keys, so that any attribute names load them.

    Each nn.Linear of the model gets the tutorial layer of its shape (the three weight shapes differ); a model
    whose layers are not nn.Linear modules gets the tensors in state_dict order.
    """
    layers = {
        weights[f"{key}.weight"].shape: key
        for key in ("linear_relu_stack.0", "linear_relu_stack.2", "linear_relu_stack.4")
    }
    mapped = {}
    for prefix, module in model.named_modules():
        key = layers.get(module.weight.shape) if isinstance(module, nn.Linear) else None
        if key is not None and module.bias is not None:
            mapped.update({f"{prefix}.weight": weights[f"{key}.weight"], f"{prefix}.bias": weights[f"{key}.bias"]})
    keys = list(model.state_dict())
    if sorted(mapped) != sorted(keys):  # no nn.Linear layers, or other tensors: the test's strict load shows which
        check_equal(
            [tuple(t.shape) for t in model.state_dict().values()],
            list(TUTORIAL_SHAPES.values()),
            what="the shapes in NeuralNetwork().state_dict(), in order",
            where=WHERE_PARAMS,
            repro="[t.shape for t in NeuralNetwork().state_dict().values()]",
        )
        mapped = dict(zip(keys, weights.values()))
    return mapped


# ---------------------------------------------------------------------------------------------
# NeuralNetwork: structure (1.6.2, 1.6.4)


def test_neural_network_is_an_nn_module(impl) -> None:
    model = impl.NeuralNetwork()
    check(
        isinstance(model, nn.Module),
        what="type(NeuralNetwork())",
        actual=type(model),
        expected="a subclass of torch.nn.Module",
        where=WHERE_CLASS,
        repro="isinstance(NeuralNetwork(), nn.Module)",
    )


def test_neural_network_state_dict_holds_the_tutorials_tensors(impl) -> None:
    """Three layers' weight and bias of the tutorial's shapes, nothing else (no buffers, no extra layer). The
    names are the learner's: linear_relu_stack.0 as in the tutorial, or fc1, layers.0, ..."""
    shapes = Counter(tuple(t.shape) for t in impl.NeuralNetwork().state_dict().values())
    check_equal(
        dict(shapes),
        dict(Counter(TUTORIAL_SHAPES.values())),
        what="{shape: count} of the tensors in NeuralNetwork().state_dict()",
        where=WHERE_PARAMS,
        repro="[t.shape for t in NeuralNetwork().state_dict().values()]",
    )


def test_neural_network_parameter_shapes_are_the_tutorials(impl) -> None:
    shapes = Counter(tuple(p.shape) for p in impl.NeuralNetwork().parameters())
    check_equal(
        dict(shapes),
        dict(Counter(TUTORIAL_SHAPES.values())),
        what="{shape: count} of NeuralNetwork().parameters()",
        where=WHERE_PARAMS,
        repro="[p.shape for p in NeuralNetwork().parameters()]",
    )


def test_neural_network_has_669706_trainable_parameters(impl) -> None:
    count = sum(p.numel() for p in impl.NeuralNetwork().parameters() if p.requires_grad)
    check_equal(
        count,
        TUTORIAL_PARAMETER_COUNT,
        what="trainable parameters of NeuralNetwork()",
        where=WHERE_PARAMS,
        repro="sum(p.numel() for p in NeuralNetwork().parameters() if p.requires_grad)",
    )


def test_neural_network_named_parameters_list_weight_then_bias_per_layer(impl) -> None:
    """1.6.4 iterates named_parameters(): each layer's weight, then its bias (names end in .weight, .bias)."""
    names = [name for name, _ in impl.NeuralNetwork().named_parameters()]
    check_equal(
        [name.rsplit(".", 1)[-1] for name in names],
        ["weight", "bias"] * 3,
        what=f"the last part of each name in {names}",
        where=WHERE_PARAMS,
        repro="[name for name, p in NeuralNetwork().named_parameters()]",
    )


def test_neural_network_printed_shows_its_layers_in_order(impl) -> None:
    """print(model) lists its modules (1.6.2): the three Linear layers in order. The ReLUs show when they are
    nn.ReLU modules, as in the tutorial; F.relu in forward is as right and does not show, so it is not asked."""
    text = repr(impl.NeuralNetwork())
    layers = [
        "Linear(in_features=784, out_features=512, bias=True)",
        "Linear(in_features=512, out_features=512, bias=True)",
        "Linear(in_features=512, out_features=10, bias=True)",
    ]
    positions, start = [], 0
    for layer in layers:
        start = text.find(layer, start)
        positions.append(start)
        start = start + 1 if start >= 0 else 0
    check(
        all(p >= 0 for p in positions) and positions == sorted(positions),
        what="print(NeuralNetwork())",
        actual=text,
        expected=f"a listing of the layers in this order: {layers}",
        where=WHERE_CLASS,
        repro="print(NeuralNetwork())",
    )


def test_neural_network_starts_from_random_weights(impl) -> None:
    """Weights start random (torch's default init in the tutorial): a constant start, zeros say, keeps every
    unit of a layer identical through training, so the model cannot learn. Biases may start at zero."""
    for name, p in impl.NeuralNetwork().named_parameters():
        if name.endswith("weight"):
            check(
                bool(p.detach().std() > 0),
                what=f"NeuralNetwork().{name}.std()",
                actual=p.detach().std().item(),
                expected="> 0: random initial weights (leave nn.Linear's default initialisation)",
                where=WHERE_PARAMS,
                repro=f"NeuralNetwork().{name}.std()",
            )


def test_neural_network_is_made_on_the_cpu(impl, monkeypatch: pytest.MonkeyPatch) -> None:
    """NeuralNetwork() holds its parameters on the CPU; the caller moves it: NeuralNetwork().to(device) (1.6.2).

    Where CUDA is absent, torch.cuda.is_available() is made to answer True, so that an __init__ which moves
    the model to "cuda" by itself shows here too (it then fails, as there is no GPU to move to).
    """
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    try:
        model = impl.NeuralNetwork()
        error = None
    except NotImplementedError:  # a stub (a RuntimeError too): not implemented, not a failure
        raise
    except (RuntimeError, AssertionError, AttributeError, TypeError) as exc:  # no GPU: the move to "cuda" fails
        model, error = None, exc
    check(
        error is None,
        what="NeuralNetwork() where torch.cuda.is_available() is True",
        actual=error,
        expected="a model on the CPU: leave the device to the caller, model = NeuralNetwork().to(device)",
        where=WHERE_CLASS,
        repro="NeuralNetwork()",
    )
    devices_seen = sorted({str(t.device) for t in [*model.parameters(), *model.buffers()]})
    check_equal(
        devices_seen,
        ["cpu"],
        what="devices of NeuralNetwork()'s parameters",
        where=WHERE_CLASS,
        repro="{p.device for p in NeuralNetwork().parameters()}",
    )


def test_neural_network_instances_share_no_parameters(impl) -> None:
    """Each NeuralNetwork() holds its own tensors, so training one leaves another as it was. Layers built once,
    at module level or as a default argument (Python evaluates a default once), are shared by every instance."""
    first, second = impl.NeuralNetwork(), impl.NeuralNetwork()
    shared = [name for name, p in first.named_parameters() if any(shares_memory(p, q) for q in second.parameters())]
    check(
        not shared,
        what="parameters of one NeuralNetwork() that share memory with a second one's",
        actual=shared,
        expected="none: build the layers inside __init__, so that each model gets its own",
        where=WHERE_CLASS,
        repro="a, b = NeuralNetwork(), NeuralNetwork(); [p is q for p, q in zip(a.parameters(), b.parameters())]",
    )


def test_neural_network_instances_start_from_different_weights(impl) -> None:
    """Each NeuralNetwork() draws its initial weights from torch's random stream; torch.manual_seed inside
    __init__ gives every model the same start and resets the caller's stream (shuffling, dropout) as well."""
    first, second = impl.NeuralNetwork(), impl.NeuralNetwork()
    same = [
        name
        for (name, p), q in zip(first.state_dict().items(), second.state_dict().values())
        if name.endswith("weight") and torch.equal(p, q)
    ]
    check(
        not same,
        what="weights equal in two NeuralNetwork() built one after the other",
        actual=same,
        expected="none: each model draws its own random weights (seed once in the script, not in __init__)",
        where=WHERE_PARAMS,
        repro="a, b = NeuralNetwork(), NeuralNetwork(); torch.equal(*[m.state_dict()[k] "
        "for m in (a, b)]) for a weight key k",
    )


# ---------------------------------------------------------------------------------------------
# NeuralNetwork: what forward computes (1.6.2, 1.6.3)


@pytest.mark.parametrize("n", [1, 7, 64])
@pytest.mark.parametrize("device", devices())
def test_neural_network_keeps_the_batch_dimension(impl, n: int, device: str) -> None:
    """One row of 10 logits per image: Flatten keeps dim 0, the batch (tutorial: 保持批量维度(dim=0)).

    The translation (1.6.2) says the model returns "一个10维张量" (a 10-dimensional tensor): it returns a
    2-dimensional one, (N, 10), dim 0 the images and dim 1 the 10 raw class scores; (1, 10) for one image.
    """
    out = _logits(impl.NeuralNetwork().to(device), _images(n, device=device))
    check_equal(
        tuple(out.shape),
        (n, 10),
        what=f"NeuralNetwork()(torch.rand({n}, 1, 28, 28)).shape",
        where=WHERE_LAYERS,
        repro=f"NeuralNetwork()(torch.rand({n}, 1, 28, 28)).shape",
    )


@pytest.mark.parametrize("channel", [True, False], ids=["N,1,28,28", "N,28,28"])
@pytest.mark.parametrize("device", devices())
def test_neural_network_forward_leaves_its_input_unchanged(impl, device: str, channel: bool) -> None:
    """model(x) reads the batch: its values, shape and strides stay the caller's (x.resize_ or x.squeeze_
    in forward change them; reshape, view and nn.Flatten make a new tensor)."""
    x = _images(7, device=device, channel=channel)
    before, layout = x.clone(), (tuple(x.shape), x.stride())
    impl.NeuralNetwork().to(device)(x)
    repro = f"x = torch.rand{tuple(x.shape)}; NeuralNetwork()(x); x.shape"
    check_equal(
        (tuple(x.shape), x.stride()),
        layout,
        what="(x.shape, x.stride()) after NeuralNetwork()(x)",
        where=f"{WHERE_LAYERS}, nn.Flatten",
        repro=repro,
    )
    check_tensor_equal(x, before, what="x after NeuralNetwork()(x)", where=f"{WHERE_LAYERS}, nn.Flatten", repro=repro)


@pytest.mark.parametrize("device", devices())
def test_neural_network_accepts_images_without_channel_dimension(impl, device: str) -> None:
    """(N, 28, 28) flattens to the same (N, 784) as (N, 1, 28, 28), so the logits are the same."""
    model = impl.NeuralNetwork().to(device)
    x = _images(7, device=device)
    with torch.no_grad():
        expected = model(x)
        out = model(x.squeeze(1))
    check_tensor(
        out,
        expected,
        rtol=1e-6,
        atol=1e-6,
        what="NeuralNetwork()(x.squeeze(1)) for x of shape (7, 1, 28, 28)",
        where=WHERE_LAYERS,
        repro="model(torch.rand(7, 28, 28))",
    )


@pytest.mark.parametrize("device", devices())
def test_neural_network_feeds_flattened_pixels_to_first_linear(impl, device: str) -> None:
    x = _images(7, device=device)
    _, calls = _trace_linears(impl.NeuralNetwork().to(device), x)
    check_tensor_equal(
        calls[0][0],
        x.reshape(7, 784),
        what="input of the first nn.Linear for x (7, 1, 28, 28)",
        where=f"{WHERE_LAYERS}, nn.Flatten",
        repro="nn.Flatten()(torch.rand(7, 1, 28, 28))",
    )


@pytest.mark.parametrize("device", devices())
def test_neural_network_applies_relu_after_first_linear(impl, device: str) -> None:
    _, calls = _trace_linears(impl.NeuralNetwork().to(device), _images(7, device=device))
    check_tensor_equal(
        calls[1][0],
        torch.relu(calls[0][1]),
        what="input of the second nn.Linear (should be ReLU of the first's output)",
        where=f"{WHERE_LAYERS}, nn.ReLU between the linear layers",
    )


@pytest.mark.parametrize("device", devices())
def test_neural_network_applies_relu_after_second_linear(impl, device: str) -> None:
    _, calls = _trace_linears(impl.NeuralNetwork().to(device), _images(7, device=device))
    check_tensor_equal(
        calls[2][0],
        torch.relu(calls[1][1]),
        what="input of the third nn.Linear (should be ReLU of the second's output)",
        where=f"{WHERE_LAYERS}, nn.ReLU between the linear layers",
    )


@pytest.mark.parametrize("device", devices())
def test_neural_network_returns_last_linear_output_unchanged(impl, device: str) -> None:
    """No activation after the last Linear: the model returns logits (the tutorial once had a ReLU there)."""
    out, calls = _trace_linears(impl.NeuralNetwork().to(device), _images(7, device=device))
    check_tensor_equal(
        out,
        calls[2][1],
        what="NeuralNetwork()(x) (should be the last nn.Linear's output)",
        where=f"{WHERE_LAYERS}, nn.Softmax: the model returns logits",
    )


@pytest.mark.parametrize("device", devices())
def test_neural_network_logits_can_be_negative(impl, device: str) -> None:
    """Logits lie in [-inf, inf] (tutorial: 取值为[-infty, infty]).

    A final ReLU, Sigmoid or Softmax would clamp them.
    """
    with torch.no_grad():
        out = _logits(impl.NeuralNetwork().to(device), _images(64, device=device))
    check(
        bool(out.min() < 0),
        what="NeuralNetwork()(torch.rand(64, 1, 28, 28)).min()",
        actual=out.min().item(),
        expected="negative: logits are unconstrained, apply nn.Softmax outside the model",
        where=f"{WHERE_LAYERS}, nn.Softmax",
        repro="NeuralNetwork()(torch.rand(64, 1, 28, 28)).min()",
    )


@pytest.mark.parametrize("device", devices())
def test_neural_network_logits_are_not_probabilities(impl, device: str) -> None:
    with torch.no_grad():
        sums = _logits(impl.NeuralNetwork().to(device), _images(64, device=device)).sum(dim=1)
    all_one = bool(((sums - 1).abs() < 1e-3).all())
    check(
        not all_one,
        what="NeuralNetwork()(x).sum(dim=1)",
        actual=sums,
        expected="logits whose rows do not all sum to 1 (nn.Softmax(dim=1) comes after the model)",
        where=f"{WHERE_LAYERS}, nn.Softmax",
        repro="NeuralNetwork()(torch.rand(64, 1, 28, 28)).sum(dim=1)",
    )


@pytest.mark.parametrize("device", devices())
def test_neural_network_gives_the_same_logits_in_eval_mode(impl, device: str) -> None:
    """The tutorial's model has no dropout or batch norm, so model.eval() changes nothing: predict and the
    test loop (1.8) call it, and must get the logits that training sees, not probabilities or other values."""
    model = impl.NeuralNetwork().to(device)
    x = _images(7, device=device)
    with torch.no_grad():
        model.train()
        train_out = model(x)
        model.eval()
        eval_out = model(x)
    check_tensor(
        eval_out,
        train_out,
        rtol=1e-6,
        atol=1e-6,
        what="NeuralNetwork()(x) in eval mode (should equal its output in train mode)",
        where=WHERE_CLASS,
        repro="model = NeuralNetwork(); x = torch.rand(7, 1, 28, 28); model.train()(x) vs model.eval()(x)",
    )


@pytest.mark.parametrize("device", devices())
def test_neural_network_output_backpropagates_to_every_parameter(impl, device: str) -> None:
    """loss.backward() on the logits reaches every weight and bias (1.8's train loop): forward must not
    .detach() them or run under torch.no_grad()."""
    model = impl.NeuralNetwork().to(device)
    out = model(_images(7, device=device))
    check(
        isinstance(out, torch.Tensor) and out.requires_grad,
        what="NeuralNetwork()(x).requires_grad",
        actual=getattr(out, "requires_grad", out),
        expected="True: the logits keep the graph back to the weights (no .detach() or torch.no_grad() in forward)",
        where=WHERE_CLASS,
        repro="NeuralNetwork()(torch.rand(7, 1, 28, 28)).requires_grad",
    )
    out.sum().backward()
    missing = [name for name, p in model.named_parameters() if p.grad is None]
    check(
        not missing,
        what="parameters whose .grad is None after NeuralNetwork()(x).sum().backward()",
        actual=missing,
        expected="none: every layer's weight and bias gets a gradient",
        where=WHERE_PARAMS,
        repro="model = NeuralNetwork(); model(torch.rand(7, 1, 28, 28)).sum().backward(); "
        "[n for n, p in model.named_parameters() if p.grad is None]",
    )


@pytest.mark.parametrize("device", devices())
@given(x=strategies.images(), seed=strategies.seeds())
def test_neural_network_matches_tutorial_model_with_same_weights(
    impl, ref, device: str, x: torch.Tensor, seed: int
) -> None:
    model, tutorial = impl.NeuralNetwork(), ref.NeuralNetwork()
    weights = _random_state_dict(seed)
    model.load_state_dict(_under_the_models_names(model, weights))
    tutorial.load_state_dict(weights)
    x = x.to(device)
    with torch.no_grad():
        expected = tutorial.to(device)(x)
        out = model.to(device)(x)
    check_tensor(
        out,
        expected,
        rtol=1e-5,
        atol=1e-4,
        what=f"NeuralNetwork()(x) for x of shape {tuple(x.shape)}, with the tutorial model's weights",
        where=WHERE_CLASS,
        repro="model.load_state_dict(tutorial.state_dict()); model(x) vs tutorial(x)",
    )
