"""Tutorial 1.6 Build the Neural Network (搭建神经网络): 1.6.1 get_device, and predict, the use of the model
that 1.6.2 shows (model(X), then the argmax of its logits) in the eval mode and no_grad of 1.2.5.

predict is checked with small modules of its own (a recorder, a classifier whose classes spread), so that a
broken NeuralNetwork fails only test_model.py.

Situations get_device is checked in (issue 18): CUDA present, absent, and reported present by torch (patched,
the module imported anew so that an answer fixed at import counts); str or torch.device, accepted by torch.
Situations predict is checked in:
- batches of 1, 7 and 17, with and without the channel dimension; int64 indices of the logits' argmax;
- the model in train or eval mode before (eval after, or as it was, every submodule alike); grad mode on or
  off before (restored); hooks run (model(x), not model.forward);
- the caller's model: weights, their .grad and frozen layers unchanged; the caller's batch unchanged;
- two calls on one model and batch, the weights changed in between: fresh predictions, in separate tensors.
Left to the lead: a model whose submodules are in mixed modes (model.train(was) restores them all alike).
"""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from typing import Any

import pytest
import torch
from torch import nn

from spec.helpers.calls import Call
from spec.helpers.checks import (
    call_checked,
    check,
    check_equal,
    check_tensor_equal,
    check_unchanged,
    devices,
    make_tensor,
)
from spec.helpers.random_stream import check_draws_no_random_numbers
from spec.pages.test_model import check_batch_unchanged, images, model_call

pytestmark = pytest.mark.model
GET_DEVICE = Call.of("get_device")
DEVICE_TYPE = GET_DEVICE.named("torch.device(get_device()).type")
# The test modules below, as a learner would build them to replay a failure.
RECORDER = "nn.Sequential(OrderedDict(flatten=nn.Flatten(), dropout=nn.Dropout(0.5), linear=nn.Linear(784, 10)))"
TRAINED = f"{RECORDER}.train()"  # as after a train_loop
DURING = "during the model's forward"
SPREAD = "nn.Sequential(nn.Flatten(), nn.Linear(784, 10))"


def predict_call(x: torch.Tensor, model: str = "NeuralNetwork()", *, spread: bool = False) -> Call:
    """predict(model, x) after `model = ...; x = torch.rand(<x's shape>)` (spread: pixels in [-3, 3))."""
    call = model_call(x, model, concept="predict", text="predict(model, x)")
    if "OrderedDict(" in model:  # the recording models (RECORDER): their import first, for the reproduce line
        call = replace(call, setup=f"from collections import OrderedDict; {call.setup}")
    elif model == "NeuralNetwork()":  # the reference's model, scaffolding around the learner's predict
        call = replace(call, setup=f"from reference import NeuralNetwork; {call.setup}")
    return call.also("x = x * 6 - 3") if spread else call


def after(call: Call, text: str) -> Call:
    """`text`, evaluated after `call` ran."""
    return call.also(call.text).named(text)


# ---------------------------------------------------------------------------------------------
# get_device (1.6.1)


def _check_device_type(device: Any) -> None:
    __tracebackhide__ = True
    is_device = isinstance(device, (str, torch.device))
    check(is_device, call=GET_DEVICE, actual=type(device), expected="str (or torch.device)", kind="type")


def test_get_device_is_accepted_by_torch_here(impl) -> None:
    device = impl.get_device()
    call_checked(
        lambda: torch.zeros(1, device=device),
        call=GET_DEVICE.named("torch.zeros(1, device=get_device())"),
        expected='a tensor: a device this machine has ("cuda" only when torch.cuda.is_available())',
        situation=f"get_device() answered {device!r}",
    )


def test_get_device_is_cuda_when_available_else_cpu(impl) -> None:
    device = impl.get_device()
    _check_device_type(device)
    check_equal(torch.device(device).type, "cuda" if torch.cuda.is_available() else "cpu", call=DEVICE_TYPE)


def _get_device_imported_anew(impl: Any, *, fallback: Any) -> Any:
    """get_device() of a fresh import of the learner's file, made under the test's patches.

    The answer may be fixed when the module is imported, rightly so, as CUDA does not come and go: the
    tutorial's module-level `device = "cuda" if torch.cuda.is_available() else "cpu"`, a
    `from torch.cuda import is_available`, a functools.cache. A patch made after the import does not reach
    those; importing the file again does. `fallback` (the first answer) where the file cannot be imported anew.
    """
    path = getattr(impl.module, "__file__", None)
    spec = importlib.util.spec_from_file_location(f"_fresh_{impl.module.__name__}", path) if path else None
    if spec is None or spec.loader is None:
        return fallback
    module = importlib.util.module_from_spec(spec)  # not put in sys.modules: the learner's own module stays
    try:
        spec.loader.exec_module(module)
        device = module.get_device()
    except Exception as exc:  # noqa: BLE001 - e.g. a module-level NeuralNetwork().to(device) with no GPU here
        pytest.skip(
            f"get_device() answered {fallback!r} where torch.cuda.is_available() was made True, and "
            f"importing the file anew under that patch failed ({exc!r}): only a machine with a GPU can "
            "tell; test_get_device_is_cuda_when_available_else_cpu checks it there"
        )
    return device if isinstance(device, (str, torch.device)) else fallback


def test_get_device_is_cuda_where_torch_finds_a_gpu(impl, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where torch reports a CUDA device, get_device() picks it. torch.cuda (and torch.accelerator) are made to
    report one, so that a get_device() that always answers "cpu" shows on a machine without a GPU too."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    if hasattr(torch, "accelerator"):  # the newer tutorial's torch.accelerator.current_accelerator()
        monkeypatch.setattr(torch.accelerator, "is_available", lambda: True)
        monkeypatch.setattr(torch.accelerator, "device_count", lambda: 1)
        monkeypatch.setattr(torch.accelerator, "current_accelerator", lambda *args, **kwargs: torch.device("cuda"))
    try:
        device = impl.get_device()
    except NotImplementedError:  # a stub (a RuntimeError too): not implemented, not a failure
        raise
    except (RuntimeError, AssertionError, AttributeError, TypeError, ValueError) as exc:
        pytest.skip(
            f"get_device() asks CUDA more than whether it is available ({exc!r}), which only a machine "
            "with a GPU can answer: test_get_device_is_cuda_when_available_else_cpu checks it there"
        )
    _check_device_type(device)
    if torch.device(device).type != "cuda":
        device = _get_device_imported_anew(impl, fallback=device)
    call = DEVICE_TYPE.also("torch.cuda.is_available = lambda: True")
    check_equal(torch.device(device).type, "cuda", call=call, situation="torch reports a CUDA device")


# ---------------------------------------------------------------------------------------------
# predict (1.6.2): with a recording module, so only predict itself is under test


class _Recorder(nn.Module):
    """A small classifier with dropout that records, at each forward, its mode and the grad mode (RECORDER)."""

    def __init__(self) -> None:
        super().__init__()
        self.flatten = nn.Flatten()
        self.dropout = nn.Dropout(p=0.5)  # in train mode it zeroes half the pixels, so eval() matters
        self.linear = nn.Linear(28 * 28, 10)
        self.seen: list[dict[str, bool]] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.seen.append(
            {
                "model.training": self.training,
                "model.dropout.training": self.dropout.training,
                "torch.is_grad_enabled()": torch.is_grad_enabled(),
            }
        )
        return self.linear(self.dropout(self.flatten(x)))


def _trained_mode_recorder(device: str) -> _Recorder:
    model = _Recorder().to(device)
    model.train()  # as after a train_loop
    return model


def _spread_classifier(device: str) -> nn.Module:
    """Flatten and one Linear with N(0, 1/784) weights (SPREAD): on pixels spread over [-3, 3] its logits are
    nearly independent per image and of both signs, so the argmax spreads over the classes. (The untrained
    tutorial model gives torch.rand images one or two classes, which an argmax of |logits| or of the wrong thing
    can match by chance.)"""
    model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10))
    nn.init.normal_(model[1].weight, std=1 / 28)
    return model.to(device)


def _modes(model: nn.Module) -> dict[str, bool]:
    return {f"model.{name}.training" if name else "model.training": m.training for name, m in model.named_modules()}


def _check_forward_ran(model: _Recorder, *, call: Call) -> None:
    __tracebackhide__ = True
    check(model.seen, call=call, actual=0, expected="at least one call of the model", kind="other")


@pytest.mark.parametrize("device", devices())
def test_predict_returns_argmax_of_logits(impl, device: str) -> None:
    model = _spread_classifier(device)
    x = make_tensor((17, 1, 28, 28), device=device, low=-3.0, high=3.0)
    call = predict_call(x, SPREAD, spread=True)
    with torch.no_grad():
        expected = model(x).argmax(dim=1)
    check_tensor_equal(impl.predict(model, x), expected, call=call, situation="model(x).argmax(dim=1)")


@pytest.mark.parametrize("n", [1, 7])
@pytest.mark.parametrize("device", devices())
def test_predict_returns_one_index_per_sample(impl, ref, n: int, device: str) -> None:
    x = images(n, device=device)
    call = predict_call(x)
    out = impl.predict(ref.NeuralNetwork().to(device), x)
    check(isinstance(out, torch.Tensor), call=call, actual=type(out), expected="torch.Tensor", kind="type")
    check_equal(tuple(out.shape), (n,), call=call.dot("shape"))


@pytest.mark.parametrize("device", devices())
def test_predict_accepts_images_without_channel_dimension(impl, ref, device: str) -> None:
    """(N, 28, 28) is a batch of N images, as for the model: N predictions, not one for a (C, H, W) image."""
    model = ref.NeuralNetwork().to(device)
    x = images(7, device=device, channel=False)
    call = predict_call(x)
    with torch.no_grad():
        expected = model(x).argmax(dim=1)
    check_tensor_equal(impl.predict(model, x), expected, call=call, situation="7 images: model(x).argmax(dim=1)")


@pytest.mark.parametrize("device", devices())
def test_predict_returns_int64_class_indices(impl, ref, device: str) -> None:
    x = images(7, device=device)
    call = predict_call(x)
    out = impl.predict(ref.NeuralNetwork().to(device), x)
    check(isinstance(out, torch.Tensor), call=call, actual=type(out), expected="torch.Tensor", kind="type")
    check_equal(out.dtype, torch.int64, call=call.dot("dtype"))


@pytest.mark.parametrize("device", devices())
def test_predict_runs_forward_in_eval_mode(impl, device: str) -> None:
    model, x = _trained_mode_recorder(device), images(7, device=device)
    call = predict_call(x, TRAINED)
    impl.predict(model, x)
    _check_forward_ran(model, call=call)
    expected = "all False: call model.eval() (it sets every submodule, dropout included)"
    for seen in model.seen:
        modes = {k: v for k, v in seen.items() if k != "torch.is_grad_enabled()"}
        check(not any(modes.values()), call=call, actual=modes, expected=expected, situation=DURING)


@pytest.mark.parametrize("device", devices())
def test_predict_runs_forward_without_gradient_tracking(impl, device: str) -> None:
    model, x = _trained_mode_recorder(device), images(7, device=device)
    call = predict_call(x, TRAINED)
    out = impl.predict(model, x)
    _check_forward_ran(model, call=call)
    grad = [seen["torch.is_grad_enabled()"] for seen in model.seen]
    expected = "False: run the forward inside `with torch.no_grad():`"
    check(not any(grad), call=call, actual={"torch.is_grad_enabled()": grad}, expected=expected, situation=DURING)
    check(not getattr(out, "requires_grad", False), call=call.dot("requires_grad"), actual=True, expected="False")


@pytest.mark.parametrize("before", ["train", "eval"])
@pytest.mark.parametrize("device", devices())
def test_predict_leaves_model_in_eval_mode_or_as_it_was(impl, device: str, before: str) -> None:
    """After predict, the model is in eval mode (the tutorial's model.eval() stays) or back in the mode it had
    (model.train(was_training)); every submodule alike. model.train() at the end is neither for a model that
    came in eval mode, and `model.training = False` changes only the top module."""
    model, x = _trained_mode_recorder(device).train(before == "train"), images(7, device=device)
    was, call = _modes(model), predict_call(x, f"{RECORDER}.{before}()")
    impl.predict(model, x)
    modes, expected = _modes(model), f"False everywhere (eval mode), or as before: {was}"
    check(not any(modes.values()) or modes == was, call=call, actual=modes, expected=expected, kind="state")


@pytest.mark.parametrize("device", devices())
def test_predict_leaves_grad_mode_enabled(impl, device: str) -> None:
    x = images(7, device=device)
    call = predict_call(x, TRAINED)
    impl.predict(_trained_mode_recorder(device), x)
    expected = "True: use `with torch.no_grad():`, which restores the grad mode on exit, not set_grad_enabled(False)"
    check(
        torch.is_grad_enabled(), call=call, actual={"torch.is_grad_enabled()": False}, expected=expected, kind="state"
    )


@pytest.mark.parametrize("device", devices())
def test_predict_keeps_a_callers_no_grad_mode(impl, device: str) -> None:
    """Called under no_grad, grad mode stays off: set_grad_enabled(True) at the end is not a restore."""
    x = images(7, device=device)
    call = predict_call(x, TRAINED).also("torch.set_grad_enabled(False)")
    with torch.no_grad():
        impl.predict(_trained_mode_recorder(device), x)
        after_call = torch.is_grad_enabled()
    expected = "False, as the caller had it: a `with torch.no_grad():` block restores the mode it found"
    check(not after_call, call=call, actual={"torch.is_grad_enabled()": after_call}, expected=expected, kind="state")


@pytest.mark.parametrize("device", devices())
def test_predict_calls_the_model_not_its_forward(impl, device: str) -> None:
    """model(x) runs the module's hooks around forward; model.forward(x) skips them (tutorial 1.6.2:
    请不要直接调用model.forward()!, do not call model.forward() directly)."""
    model, x = _trained_mode_recorder(device), images(7, device=device)
    hook_calls: list[int] = []
    model.register_forward_hook(lambda module, args, output: hook_calls.append(len(args)))
    call = predict_call(x, TRAINED).also("model.register_forward_hook(print)")
    impl.predict(model, x)
    _check_forward_ran(model, call=call)
    expected = "at least one forward hook run: call the model, model(x), not model.forward(x)"
    check(hook_calls, call=call, actual=0, expected=expected, kind="other")


# ---------------------------------------------------------------------------------------------
# predict: the caller's objects, and calls one after another


@pytest.mark.parametrize("device", devices())
def test_predict_leaves_the_models_parameters_as_they_were(impl, device: str) -> None:
    """predict reads the model: its weights, their .grad (a training step may be half done) and which layers
    are frozen stay as the caller had them. model.zero_grad() or requires_grad_(True) at the end change them."""
    model = _trained_mode_recorder(device)
    model(images(3, device=device)).sum().backward()  # gradients of a training step in progress
    model.linear.bias.requires_grad_(False)  # a frozen layer, as in fine-tuning
    requires_grad = {f"model.{name}.requires_grad": p.requires_grad for name, p in model.named_parameters()}
    weights = {name: p.detach().clone() for name, p in model.named_parameters()}
    grads = {name: p.grad.clone() for name, p in model.named_parameters()}  # every one has a .grad now
    x = images(7, device=device)
    call = predict_call(x, TRAINED).also("model(x).sum().backward(); model.linear.bias.requires_grad_(False)")
    impl.predict(model, x)
    now = {f"model.{name}.requires_grad": p.requires_grad for name, p in model.named_parameters()}
    check_equal(now, requires_grad, call=call, kind="state")
    for name, p in model.named_parameters():
        check_unchanged(p.detach(), weights[name], call=call, name=f"model.{name}")
        situation = "predict does not zero the caller's gradients"
        check_tensor_equal(p.grad, grads[name], call=after(call, f"model.{name}.grad"), situation=situation)


@pytest.mark.parametrize("device", devices())
def test_predict_follows_the_models_current_weights_on_each_call(impl, device: str) -> None:
    """Each call runs the model as it is now: after the weights change (a training epoch), the same model and
    batch give new predictions, in a tensor of their own. A cache (functools.lru_cache) gives the old ones."""
    model = _spread_classifier(device)
    x = make_tensor((17, 1, 28, 28), device=device, low=-3.0, high=3.0)
    call = predict_call(x, SPREAD, spread=True).also("p1 = predict(model, x); model[1].weight.data.neg_()")
    first = impl.predict(model, x)
    kept = first.clone() if isinstance(first, torch.Tensor) else first
    with torch.no_grad():
        model[1].weight.neg_()  # the argmax becomes the argmin of the old logits: most predictions change
        model[1].bias.neg_()
        expected = model(x).argmax(dim=1)
    second = impl.predict(model, x)
    call = call.also("model[1].bias.data.neg_()")
    check_tensor_equal(second, expected, call=call, situation="the new weights' model(x).argmax(dim=1)")
    check_tensor_equal(first, kept, call=after(call, "p1"), situation="the first call's result, kept as it was")


@pytest.mark.parametrize("channel", [True, False], ids=["N,1,28,28", "N,28,28"])
@pytest.mark.parametrize("device", devices())
def test_predict_leaves_its_input_unchanged(impl, ref, device: str, channel: bool) -> None:
    """predict reads the batch: its values, shape and strides stay the caller's (x.unsqueeze_(1) or x.squeeze_()
    change them; x.unsqueeze(1), x.view(...) make a new tensor)."""
    x = images(7, device=device, channel=channel)
    before, call = x.clone(), predict_call(x)
    impl.predict(ref.NeuralNetwork().to(device), x)
    check_batch_unchanged(x, before, call=call)


def test_get_device_and_predict_draw_no_random_numbers(impl) -> None:
    """Neither draws from torch's random stream nor reseeds it: a seeded experiment runs the same with them."""
    model, x = nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), images(5, device="cpu")
    check_draws_no_random_numbers(lambda: impl.get_device(), call=GET_DEVICE)
    check_draws_no_random_numbers(lambda: impl.predict(model, x), call=predict_call(x, SPREAD))
