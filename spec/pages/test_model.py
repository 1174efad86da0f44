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
import re
from collections import Counter

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
    check_tensor,
    check_tensor_equal,
    check_unchanged,
    devices,
    make_tensor,
    shares_memory,
)
from spec.helpers.random_stream import check_draws_no_random_numbers

pytestmark = pytest.mark.model

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
SAME_LOGITS = Tol(rtol=1e-6, atol=1e-6)  # one forward against another of the same model and batch
MODEL = Call("NeuralNetwork", "model", setup="model = NeuralNetwork()")
COUNTER = "from collections import Counter"  # a reproduce line's import
TWO = Call("NeuralNetwork", "a, b", setup="a, b = NeuralNetwork(), NeuralNetwork()")
# The (input, output) of each nn.Linear call in model(x), copied before a following in-place ReLU overwrites them.
TRACE = (
    "ins, outs = [], []; [m.register_forward_hook(lambda m, a, o: ins.append(a[0].clone()) or outs.append(o.clone())) "
    "for m in model.modules() if isinstance(m, nn.Linear)]; out = model(x)"
)


def images(n: int, *, device: str, channel: bool = True) -> torch.Tensor:
    """n ToTensor-like images in [0, 1): (n, 1, 28, 28), or (n, 28, 28) without the channel dim."""
    return make_tensor((n, 1, 28, 28) if channel else (n, 28, 28), device=device, low=0.0, high=1.0)


def model_call(
    x: torch.Tensor, model: str = "NeuralNetwork()", concept: str = "NeuralNetwork", text: str = "model(x)"
) -> Call:
    """`text` after `model = ...; x = torch.rand(<x's shape>)`, on x's device."""
    to = "" if x.device.type == "cpu" else f".to({x.device.type!r})"
    return Call(concept, text, setup=f"model = {model}{to}; x = torch.rand{tuple(x.shape)}{to}")


def batch(n: int, *, device: str, channel: bool = True) -> tuple[torch.Tensor, Call]:
    """images(n) and the Call `model(x)` on a batch of their shape, made before the code under test runs."""
    x = images(n, device=device, channel=channel)
    return x, model_call(x)


def check_batch_unchanged(x: torch.Tensor, before: torch.Tensor, *, call: Call) -> None:
    """The caller's batch after `call`: its shape, strides and values as `before` (a clone) has them."""
    __tracebackhide__ = True
    layout, was = (tuple(x.shape), x.stride()), (tuple(before.shape), before.stride())
    expected = f"{was}: x.squeeze_, x.unsqueeze_, x.resize_ change the caller's x; reshape, view make new tensors"
    check(layout == was, call=call, actual={"(x.shape, x.stride())": layout}, expected=expected, kind="inputs_changed")
    check_unchanged(x, before, call=call, name="x")


def _logits(model: nn.Module, x: torch.Tensor, *, call: Call) -> torch.Tensor:
    """model(x), or a spec failure when it is not a tensor (a forward that returns None, a tuple, a list)."""
    __tracebackhide__ = True
    out = model(x)
    expected = "a torch.Tensor: forward returns the logits, (N, 10)"
    check(isinstance(out, torch.Tensor), call=call, actual=type(out), expected=expected, kind="type")
    return out


def _trace_linears(
    model: nn.Module, x: torch.Tensor, *, call: Call
) -> tuple[torch.Tensor, list[tuple[torch.Tensor, ...]]]:
    """model(x), and the (input, output) of every nn.Linear call, in the order they ran (`call` with TRACE)."""
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
    check_equal(len(calls), 3, call=call.also(TRACE).named("len(ins)"))
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
        call = MODEL.named("[tuple(t.shape) for t in model.state_dict().values()]")
        check_equal([tuple(t.shape) for t in model.state_dict().values()], list(TUTORIAL_SHAPES.values()), call=call)
        mapped = dict(zip(keys, weights.values()))
    return mapped


# ---------------------------------------------------------------------------------------------
# NeuralNetwork: structure (1.6.2, 1.6.4)


def test_neural_network_is_an_nn_module(impl) -> None:
    model = impl.NeuralNetwork()
    expected = "a subclass of torch.nn.Module"
    check(
        isinstance(model, nn.Module),
        call=MODEL.named("type(model)"),
        actual=type(model),
        expected=expected,
        kind="type",
    )


def test_neural_network_state_dict_holds_the_tutorials_tensors(impl) -> None:
    """Three layers' weight and bias of the tutorial's shapes, nothing else (no buffers, no extra layer). The
    names are the learner's: linear_relu_stack.0 as in the tutorial, or fc1, layers.0, ..."""
    shapes = Counter(tuple(t.shape) for t in impl.NeuralNetwork().state_dict().values())
    call = MODEL.named("Counter(tuple(t.shape) for t in model.state_dict().values())").also(COUNTER)
    check_equal(dict(shapes), dict(Counter(TUTORIAL_SHAPES.values())), call=call)


def test_neural_network_parameter_shapes_are_the_tutorials(impl) -> None:
    shapes = Counter(tuple(p.shape) for p in impl.NeuralNetwork().parameters())
    call = MODEL.named("Counter(tuple(p.shape) for p in model.parameters())").also(COUNTER)
    check_equal(dict(shapes), dict(Counter(TUTORIAL_SHAPES.values())), call=call)


def test_neural_network_has_669706_trainable_parameters(impl) -> None:
    count = sum(p.numel() for p in impl.NeuralNetwork().parameters() if p.requires_grad)
    call = MODEL.named("sum(p.numel() for p in model.parameters() if p.requires_grad)")
    check_equal(count, TUTORIAL_PARAMETER_COUNT, call=call)


def test_neural_network_named_parameters_list_weight_then_bias_per_layer(impl) -> None:
    """1.6.4 iterates named_parameters(): each layer's weight, then its bias (names end in .weight, .bias)."""
    names = [name for name, _ in impl.NeuralNetwork().named_parameters()]
    call = MODEL.named("[name.rsplit('.', 1)[-1] for name, p in model.named_parameters()]")
    check_equal([name.rsplit(".", 1)[-1] for name in names], ["weight", "bias"] * 3, call=call)


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
    in_order = all(p >= 0 for p in positions) and positions == sorted(positions)
    check(
        in_order, call=MODEL.named("print(model)"), actual=text, expected=f"the layers listed in this order: {layers}"
    )


def test_neural_network_starts_from_random_weights(impl) -> None:
    """Weights start random (torch's default init in the tutorial): a constant start, zeros say, keeps every
    unit of a layer identical through training, so the model cannot learn. Biases may start at zero."""
    for name, p in impl.NeuralNetwork().named_parameters():
        if name.endswith("weight"):
            std, expected = p.detach().std().item(), "> 0: random initial weights (leave nn.Linear's default init)"
            reached = re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", f"model.{name}")  # "stack.0.weight" -> "stack[0].weight"
            check(std > 0, call=MODEL.named(f"{reached}.std()"), actual=std, expected=expected)


def test_neural_network_is_made_on_the_cpu(impl, monkeypatch: pytest.MonkeyPatch) -> None:
    """NeuralNetwork() holds its parameters on the CPU; the caller moves it: NeuralNetwork().to(device) (1.6.2).

    Where CUDA is absent, torch.cuda.is_available() is made to answer True, so that an __init__ which moves
    the model to "cuda" by itself shows here too (it then fails, as there is no GPU to move to).
    """
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    model = call_checked(
        impl.NeuralNetwork,
        call=Call.of("NeuralNetwork"),
        expected="a model on the CPU: leave the device to the caller, model = NeuralNetwork().to(device)",
        situation="torch.cuda.is_available() made True",
    )
    devices_seen = sorted({str(t.device) for t in [*model.parameters(), *model.buffers()]})
    call = MODEL.named("sorted({str(t.device) for t in [*model.parameters(), *model.buffers()]})")
    check_equal(devices_seen, ["cpu"], call=call, kind="device")


def test_neural_network_instances_share_no_parameters(impl) -> None:
    """Each NeuralNetwork() holds its own tensors, so training one leaves another as it was. Layers built once,
    at module level or as a default argument (Python evaluates a default once), are shared by every instance."""
    first, second = impl.NeuralNetwork(), impl.NeuralNetwork()
    shared = [name for name, p in first.named_parameters() if any(shares_memory(p, q) for q in second.parameters())]
    call = TWO.named("[n for n, p in a.named_parameters() if any(p is q for q in b.parameters())]")
    check(not shared, call=call, actual=shared, expected="[]: build the layers in __init__, so each model gets its own")


def test_neural_network_instances_start_from_different_weights(impl) -> None:
    """Each NeuralNetwork() draws its initial weights from torch's random stream; torch.manual_seed inside
    __init__ gives every model the same start and resets the caller's stream (shuffling, dropout) as well."""
    first, second = impl.NeuralNetwork(), impl.NeuralNetwork()
    same = [
        name
        for (name, p), q in zip(first.state_dict().items(), second.state_dict().values())
        if name.endswith("weight") and torch.equal(p, q)
    ]
    call = TWO.also("sa, sb = a.state_dict(), b.state_dict()")
    call = call.named("[k for k in sa if k.endswith('weight') and torch.equal(sa[k], sb[k])]")
    check(
        not same, call=call, actual=same, expected="[]: each draws its own weights (seed in the script, not __init__)"
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
    x, c = batch(n, device=device)
    out = _logits(impl.NeuralNetwork().to(device), x, call=c)
    check_equal(tuple(out.shape), (n, 10), call=c.dot("shape"))


@pytest.mark.parametrize("channel", [True, False], ids=["N,1,28,28", "N,28,28"])
@pytest.mark.parametrize("device", devices())
def test_neural_network_forward_leaves_its_input_unchanged(impl, device: str, channel: bool) -> None:
    """model(x) reads the batch: its values, shape and strides stay the caller's (x.resize_ or x.squeeze_
    in forward change them; reshape, view and nn.Flatten make a new tensor)."""
    x, c = batch(7, device=device, channel=channel)
    before = x.clone()
    impl.NeuralNetwork().to(device)(x)
    check_batch_unchanged(x, before, call=c)


@pytest.mark.parametrize("device", devices())
def test_neural_network_accepts_images_without_channel_dimension(impl, device: str) -> None:
    """(N, 28, 28) flattens to the same (N, 784) as (N, 1, 28, 28), so the logits are the same."""
    model, (x, c) = impl.NeuralNetwork().to(device), batch(7, device=device)
    with torch.no_grad():
        expected = model(x)
        out = model(x.squeeze(1))
    check_tensor(
        out, expected, call=c.named("model(x.squeeze(1))"), tol=SAME_LOGITS, situation="the logits of model(x)"
    )


@pytest.mark.parametrize("device", devices())
def test_neural_network_feeds_flattened_pixels_to_first_linear(impl, device: str) -> None:
    x, c = batch(7, device=device)
    _, calls = _trace_linears(impl.NeuralNetwork().to(device), x, call=c)
    call = c.also(TRACE).named("ins[0]")
    check_tensor_equal(calls[0][0], x.reshape(7, 784), call=call, situation="the first nn.Linear's input: x flattened")


@pytest.mark.parametrize("device", devices())
def test_neural_network_applies_relu_after_first_linear(impl, device: str) -> None:
    x, c = batch(7, device=device)
    _, calls = _trace_linears(impl.NeuralNetwork().to(device), x, call=c)
    call = c.also(TRACE).named("ins[1]")
    situation = "the second nn.Linear's input: torch.relu(outs[0]), nn.ReLU between the linear layers"
    check_tensor_equal(calls[1][0], torch.relu(calls[0][1]), call=call, situation=situation)


@pytest.mark.parametrize("device", devices())
def test_neural_network_applies_relu_after_second_linear(impl, device: str) -> None:
    x, c = batch(7, device=device)
    _, calls = _trace_linears(impl.NeuralNetwork().to(device), x, call=c)
    call = c.also(TRACE).named("ins[2]")
    situation = "the third nn.Linear's input: torch.relu(outs[1]), nn.ReLU between the linear layers"
    check_tensor_equal(calls[2][0], torch.relu(calls[1][1]), call=call, situation=situation)


@pytest.mark.parametrize("device", devices())
def test_neural_network_returns_last_linear_output_unchanged(impl, device: str) -> None:
    """No activation after the last Linear: the model returns logits (the tutorial once had a ReLU there)."""
    x, c = batch(7, device=device)
    out, calls = _trace_linears(impl.NeuralNetwork().to(device), x, call=c)
    situation = "the last nn.Linear's output outs[2]: the model returns logits, nn.Softmax comes after it"
    check_tensor_equal(out, calls[2][1], call=c.also(TRACE).named("out"), situation=situation)


@pytest.mark.parametrize("device", devices())
def test_neural_network_logits_can_be_negative(impl, device: str) -> None:
    """Logits lie in [-inf, inf] (tutorial: 取值为[-infty, infty]).

    A final ReLU, Sigmoid or Softmax would clamp them.
    """
    x, c = batch(64, device=device)
    with torch.no_grad():
        out = _logits(impl.NeuralNetwork().to(device), x, call=c)
    expected = "negative: logits are unconstrained, apply nn.Softmax outside the model"
    check(bool(out.min() < 0), call=c.dot("min()"), actual=out.min().item(), expected=expected)


@pytest.mark.parametrize("device", devices())
def test_neural_network_logits_are_not_probabilities(impl, device: str) -> None:
    x, c = batch(64, device=device)
    with torch.no_grad():
        sums = _logits(impl.NeuralNetwork().to(device), x, call=c).sum(dim=1)
    expected = "logits whose rows do not all sum to 1 (nn.Softmax(dim=1) comes after the model)"
    check(not bool(((sums - 1).abs() < 1e-3).all()), call=c.dot("sum(dim=1)"), actual=sums, expected=expected)


@pytest.mark.parametrize("device", devices())
def test_neural_network_gives_the_same_logits_in_eval_mode(impl, device: str) -> None:
    """The tutorial's model has no dropout or batch norm, so model.eval() changes nothing: predict and the
    test loop (1.8) call it, and must get the logits that training sees, not probabilities or other values."""
    model, (x, c) = impl.NeuralNetwork().to(device), batch(7, device=device)
    with torch.no_grad():
        model.train()
        train_out = model(x)
        model.eval()
        eval_out = model(x)
    check_tensor(
        eval_out,
        train_out,
        call=c.named("model.eval()(x)"),
        tol=SAME_LOGITS,
        situation="the logits of model.train()(x)",
    )


@pytest.mark.parametrize("device", devices())
def test_neural_network_output_backpropagates_to_every_parameter(impl, device: str) -> None:
    """loss.backward() on the logits reaches every weight and bias (1.8's train loop): forward must not
    .detach() them or run under torch.no_grad()."""
    model, (x, c) = impl.NeuralNetwork().to(device), batch(7, device=device)
    out = model(x)
    expected = "True: the logits keep the graph back to the weights (no .detach() or torch.no_grad() in forward)"
    graph = isinstance(out, torch.Tensor) and out.requires_grad
    check(graph, call=c.dot("requires_grad"), actual=getattr(out, "requires_grad", out), expected=expected)
    out.sum().backward()
    missing = [name for name, p in model.named_parameters() if p.grad is None]
    call = c.also("model(x).sum().backward()").named("[n for n, p in model.named_parameters() if p.grad is None]")
    check(not missing, call=call, actual=missing, expected="[]: every layer's weight and bias gets a gradient")


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
    call = model_call(x).also(
        "import reference; tutorial = reference.NeuralNetwork(); model.load_state_dict(tutorial.state_dict())"
    )
    with torch.no_grad():
        expected = tutorial.to(device)(x)
        out = model.to(device)(x)
    check_tensor(out, expected, call=call, tol=Tol(rtol=1e-5, atol=1e-4), situation="the tutorial model's tutorial(x)")


def test_neural_network_forward_draws_no_random_numbers(impl) -> None:
    """The tutorial's model has no dropout: its forward draws nothing from torch's random stream, nor reseeds it
    (a torch.manual_seed in forward makes every later "random" number of the caller's run the same)."""
    model, x = impl.NeuralNetwork(), images(3, device="cpu")
    check_draws_no_random_numbers(lambda: model(x), call=model_call(x))
