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
from typing import Any

import pytest
import torch
from torch import nn

from spec.helpers.checks import check, check_equal, check_tensor_equal, devices, make_tensor

pytestmark = pytest.mark.model
WHERE_DEVICE = "tutorial 1.6.1 Get Device for Training"
WHERE_PREDICT = "tutorial 1.6.2 Define the Class (argmax of the logits) and 1.2.5 (model.eval(), torch.no_grad())"


def _images(n: int, *, device: str, channel: bool = True) -> torch.Tensor:
    """n ToTensor-like images in [0, 1): (n, 1, 28, 28), or (n, 28, 28) without the channel dim."""
    return make_tensor((n, 1, 28, 28) if channel else (n, 28, 28), device=device, low=0.0, high=1.0)


# ---------------------------------------------------------------------------------------------
# get_device (1.6.1)


def test_get_device_is_accepted_by_torch_here(impl) -> None:
    device = impl.get_device()
    try:
        torch.zeros(1, device=device)
        error = None
    except (RuntimeError, TypeError, ValueError, AssertionError) as exc:
        error = exc
    check(
        error is None,
        what=f"torch.zeros(1, device=get_device()) with get_device()={device!r}",
        actual=error,
        expected='a tensor: a device this machine has ("cuda" only when torch.cuda.is_available())',
        where=WHERE_DEVICE,
        repro="torch.zeros(1, device=get_device())",
    )


def test_get_device_is_cuda_when_available_else_cpu(impl) -> None:
    device = impl.get_device()
    check(
        isinstance(device, (str, torch.device)),
        what="type(get_device())",
        actual=type(device),
        expected="str (or torch.device)",
        where=WHERE_DEVICE,
        repro="get_device()",
    )
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    check_equal(
        torch.device(device).type,
        expected,
        what="torch.device(get_device()).type",
        where=WHERE_DEVICE,
        repro="get_device()",
    )


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
    check(
        isinstance(device, (str, torch.device)),
        what="type(get_device())",
        actual=type(device),
        expected="str (or torch.device)",
        where=WHERE_DEVICE,
        repro="get_device()",
    )
    if torch.device(device).type != "cuda":
        device = _get_device_imported_anew(impl, fallback=device)
    check_equal(
        torch.device(device).type,
        "cuda",
        what="torch.device(get_device()).type where torch.cuda.is_available() is True",
        where=WHERE_DEVICE,
        repro="torch.cuda.is_available = lambda: True; get_device()",
    )


# ---------------------------------------------------------------------------------------------
# predict (1.6.2): with a recording module, so only predict itself is under test


class _Recorder(nn.Module):
    """A small classifier with dropout that records, at each forward, its mode and the grad mode."""

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
    """Flatten and one Linear with N(0, 1/784) weights: on pixels spread over [-3, 3] its logits are nearly
    independent per image and of both signs, so the argmax spreads over the classes. (The untrained tutorial
    model gives torch.rand images one or two classes, which an argmax of |logits| or of the wrong thing
    can match by chance.)"""
    model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10))
    nn.init.normal_(model[1].weight, std=1 / 28)
    return model.to(device)


@pytest.mark.parametrize("device", devices())
def test_predict_returns_argmax_of_logits(impl, device: str) -> None:
    model = _spread_classifier(device)
    x = make_tensor((17, 1, 28, 28), device=device, low=-3.0, high=3.0)
    with torch.no_grad():
        expected = model(x).argmax(dim=1)
    out = impl.predict(model, x)
    check_tensor_equal(
        out,
        expected,
        what="predict(model, x) for x of shape (17, 1, 28, 28)",
        where=WHERE_PREDICT,
        repro="predict(model, x) vs model(x).argmax(dim=1)",
    )


@pytest.mark.parametrize("n", [1, 7])
@pytest.mark.parametrize("device", devices())
def test_predict_returns_one_index_per_sample(impl, ref, n: int, device: str) -> None:
    out = impl.predict(ref.NeuralNetwork().to(device), _images(n, device=device))
    check(
        isinstance(out, torch.Tensor),
        what=f"type(predict(model, x)) for {n} images",
        actual=type(out),
        expected="torch.Tensor",
        where=WHERE_PREDICT,
        repro=f"predict(model, torch.rand({n}, 1, 28, 28))",
    )
    check_equal(
        tuple(out.shape),
        (n,),
        what=f"predict(model, x).shape for x of shape ({n}, 1, 28, 28)",
        where=WHERE_PREDICT,
        repro=f"predict(model, torch.rand({n}, 1, 28, 28)).shape",
    )


@pytest.mark.parametrize("device", devices())
def test_predict_accepts_images_without_channel_dimension(impl, ref, device: str) -> None:
    """(N, 28, 28) is a batch of N images, as for the model: N predictions, not one for a (C, H, W) image."""
    model = ref.NeuralNetwork().to(device)
    x = _images(7, device=device, channel=False)
    with torch.no_grad():
        expected = model(x).argmax(dim=1)
    out = impl.predict(model, x)
    check_tensor_equal(
        out,
        expected,
        what="predict(model, x) for x of shape (7, 28, 28)",
        where=WHERE_PREDICT,
        repro="predict(model, torch.rand(7, 28, 28))",
    )


@pytest.mark.parametrize("device", devices())
def test_predict_returns_int64_class_indices(impl, ref, device: str) -> None:
    out = impl.predict(ref.NeuralNetwork().to(device), _images(7, device=device))
    check(
        isinstance(out, torch.Tensor),
        what="type(predict(model, x))",
        actual=type(out),
        expected="torch.Tensor",
        where=WHERE_PREDICT,
        repro="predict(model, torch.rand(7, 1, 28, 28))",
    )
    check_equal(
        out.dtype,
        torch.int64,
        what="predict(model, x).dtype",
        where=WHERE_PREDICT,
        repro="predict(model, torch.rand(7, 1, 28, 28)).dtype",
    )


@pytest.mark.parametrize("device", devices())
def test_predict_runs_forward_in_eval_mode(impl, device: str) -> None:
    model = _trained_mode_recorder(device)
    impl.predict(model, _images(7, device=device))
    check(
        len(model.seen) > 0,
        what="forward calls made by predict(model, x)",
        actual=0,
        expected="at least one",
        where=WHERE_PREDICT,
    )
    for seen in model.seen:
        modes = {k: v for k, v in seen.items() if k != "torch.is_grad_enabled()"}
        check(
            not any(modes.values()),
            what="modes during the forward inside predict(model, x)",
            actual=modes,
            expected="all False: call model.eval() (it sets every submodule, dropout included)",
            where=WHERE_PREDICT,
            repro="model.train(); predict(model, x)",
        )


@pytest.mark.parametrize("device", devices())
def test_predict_runs_forward_without_gradient_tracking(impl, device: str) -> None:
    model = _trained_mode_recorder(device)
    out = impl.predict(model, _images(7, device=device))
    check(
        len(model.seen) > 0,
        what="forward calls made by predict(model, x)",
        actual=0,
        expected="at least one",
        where=WHERE_PREDICT,
    )
    grad_modes = [seen["torch.is_grad_enabled()"] for seen in model.seen]
    check(
        not any(grad_modes),
        what="torch.is_grad_enabled() during the forward inside predict(model, x)",
        actual=grad_modes,
        expected="False: run the forward inside `with torch.no_grad():`",
        where=WHERE_PREDICT,
        repro="predict(model, x)",
    )
    check(
        not getattr(out, "requires_grad", False),
        what="predict(model, x).requires_grad",
        actual=True,
        expected="False",
        where=WHERE_PREDICT,
        repro="predict(model, x).requires_grad",
    )


@pytest.mark.parametrize("before", ["train", "eval"])
@pytest.mark.parametrize("device", devices())
def test_predict_leaves_model_in_eval_mode_or_as_it_was(impl, device: str, before: str) -> None:
    """After predict, the model is in eval mode (the tutorial's model.eval() stays) or back in the mode it had
    (model.train(was_training)); every submodule alike. model.train() at the end is neither for a model that
    came in eval mode, and `model.training = False` changes only the top module."""
    model = _trained_mode_recorder(device).train(before == "train")
    was = {name or "model": m.training for name, m in model.named_modules()}
    impl.predict(model, _images(7, device=device))
    modes = {name or "model": m.training for name, m in model.named_modules()}
    check(
        not any(modes.values()) or modes == was,
        what=f"module.training after predict(model, x), model in {before} mode before",
        actual=modes,
        expected=f"False everywhere (eval mode), or as before: {was}",
        where=WHERE_PREDICT,
        repro=f"model.{before}(); predict(model, x); model.training",
    )


@pytest.mark.parametrize("device", devices())
def test_predict_leaves_grad_mode_enabled(impl, device: str) -> None:
    impl.predict(_trained_mode_recorder(device), _images(7, device=device))
    check(
        torch.is_grad_enabled(),
        what="torch.is_grad_enabled() after predict(model, x)",
        actual=False,
        expected="True: use `with torch.no_grad():`, which restores the grad mode on exit, rather than "
        "torch.set_grad_enabled(False)",
        where=WHERE_PREDICT,
        repro="predict(model, x); torch.is_grad_enabled()",
    )


@pytest.mark.parametrize("device", devices())
def test_predict_keeps_a_callers_no_grad_mode(impl, device: str) -> None:
    """Called under no_grad, grad mode stays off: set_grad_enabled(True) at the end is not a restore."""
    with torch.no_grad():
        impl.predict(_trained_mode_recorder(device), _images(7, device=device))
        after = torch.is_grad_enabled()
    check(
        not after,
        what="torch.is_grad_enabled() after predict(model, x) under torch.no_grad()",
        actual=after,
        expected="False, as the caller had it: a `with torch.no_grad():` block restores the mode it found",
        where=WHERE_PREDICT,
        repro="with torch.no_grad(): predict(model, x); torch.is_grad_enabled()",
    )


@pytest.mark.parametrize("device", devices())
def test_predict_calls_the_model_not_its_forward(impl, device: str) -> None:
    """model(x) runs the module's hooks around forward; model.forward(x) skips them (tutorial 1.6.2:
    请不要直接调用model.forward()!, do not call model.forward() directly)."""
    model = _trained_mode_recorder(device)
    hook_calls: list[int] = []
    model.register_forward_hook(lambda module, args, output: hook_calls.append(len(args)))
    impl.predict(model, _images(7, device=device))
    check(
        len(model.seen) > 0,
        what="forward calls made by predict(model, x)",
        actual=0,
        expected="at least one",
        where=WHERE_PREDICT,
    )
    check(
        len(hook_calls) > 0,
        what="forward hooks run by predict(model, x)",
        actual=0,
        expected="at least one: call the model, model(x), not model.forward(x)",
        where="tutorial 1.6.2 Define the Class (do not call model.forward() directly)",
        repro="model.register_forward_hook(print); predict(model, x)",
    )


# ---------------------------------------------------------------------------------------------
# predict: the caller's objects, and calls one after another


@pytest.mark.parametrize("device", devices())
def test_predict_leaves_the_models_parameters_as_they_were(impl, device: str) -> None:
    """predict reads the model: its weights, their .grad (a training step may be half done) and which layers
    are frozen stay as the caller had them. model.zero_grad() or requires_grad_(True) at the end change them."""
    model = _trained_mode_recorder(device)
    model(_images(3, device=device)).sum().backward()  # gradients of a training step in progress
    model.linear.bias.requires_grad_(False)  # a frozen layer, as in fine-tuning
    requires_grad = {name: p.requires_grad for name, p in model.named_parameters()}
    weights = {name: p.detach().clone() for name, p in model.named_parameters()}
    grads = {name: p.grad.clone() for name, p in model.named_parameters()}  # every one has a .grad now
    impl.predict(model, _images(7, device=device))
    repro = "model(x).sum().backward(); model.linear.bias.requires_grad_(False); predict(model, x); "
    check_equal(
        {name: p.requires_grad for name, p in model.named_parameters()},
        requires_grad,
        what="requires_grad of each parameter after predict",
        where=WHERE_PREDICT,
        repro=repro + "[p.requires_grad for p in model.parameters()]",
    )
    for name, p in model.named_parameters():
        check_tensor_equal(
            p.detach(),
            weights[name],
            what=f"model.{name} after predict(model, x)",
            where=WHERE_PREDICT,
            repro=repro + f"model.{name}",
        )
        check_tensor_equal(
            p.grad,
            grads[name],
            what=f"model.{name}.grad after predict(model, x)",
            where=f"{WHERE_PREDICT}: predict does not zero the caller's gradients",
            repro=repro + f"model.{name}.grad",
        )


@pytest.mark.parametrize("device", devices())
def test_predict_follows_the_models_current_weights_on_each_call(impl, device: str) -> None:
    """Each call runs the model as it is now: after the weights change (a training epoch), the same model and
    batch give new predictions, in a tensor of their own. A cache (functools.lru_cache) gives the old ones."""
    model = _spread_classifier(device)
    x = make_tensor((17, 1, 28, 28), device=device, low=-3.0, high=3.0)
    first = impl.predict(model, x)
    kept = first.clone() if isinstance(first, torch.Tensor) else first
    with torch.no_grad():
        model[1].weight.neg_()  # the argmax becomes the argmin of the old logits: most predictions change
        model[1].bias.neg_()
        expected = model(x).argmax(dim=1)
    second = impl.predict(model, x)
    repro = "p1 = predict(model, x); negate model's weights; p2 = predict(model, x)"
    check_tensor_equal(
        second, expected, what="predict(model, x) after the model's weights changed", where=WHERE_PREDICT, repro=repro
    )
    check_tensor_equal(
        first, kept, what="the first predict(model, x) after a second call", where=WHERE_PREDICT, repro=repro + "; p1"
    )


@pytest.mark.parametrize("channel", [True, False], ids=["N,1,28,28", "N,28,28"])
@pytest.mark.parametrize("device", devices())
def test_predict_leaves_its_input_unchanged(impl, ref, device: str, channel: bool) -> None:
    """predict reads the batch: its values, shape and strides stay the caller's (x.unsqueeze_(1) or x.squeeze_()
    change them; x.unsqueeze(1), x.view(...) make a new tensor)."""
    x = _images(7, device=device, channel=channel)
    before, layout = x.clone(), (tuple(x.shape), x.stride())
    impl.predict(ref.NeuralNetwork().to(device), x)
    repro = f"x = torch.rand{tuple(x.shape)}; predict(model, x); x.shape"
    check_equal(
        (tuple(x.shape), x.stride()),
        layout,
        what="(x.shape, x.stride()) after predict(model, x)",
        where=WHERE_PREDICT,
        repro=repro,
    )
    check_tensor_equal(x, before, what="x after predict(model, x)", where=WHERE_PREDICT, repro=repro)
