"""Tutorial 1.8.3 Optimization Loop (优化Loop): train_loop, one epoch of it (run as in 1.8.4 Full Implementation, 执行).

Each rule of the loop has a test of its own, on small random data with recording models, loss and optimizer
(spec/pages/optimization_setup.py): zero_grad, backward and step on every batch, train mode, every batch as the
loader gives it, the weights where the reference's epoch leaves them, the mean batch loss (or None, as the
tutorial's returns: then advice, once). Situations (issue 18): the LOADERS; models in eval mode before, with
Dropout, with a frozen layer, of another input shape and number of classes; SGD, SGD with momentum and Adam over
two epochs (the optimizer as given: state kept, settings unchanged; no total kept across calls). Devices: a batch
goes to its model's device (gpu tests); a 1.2 module's loop, to its `device` (optimization_setup's fixture).
"""

from __future__ import annotations

import copy
import math
import statistics
from typing import Any

import pytest
import torch
from torch import nn

from spec.helpers.calls import Call
from spec.helpers.checks import check, check_equal, check_tensor, check_tensor_equal, devices
from spec.helpers.random_stream import check_does_not_reseed
from spec.helpers.recorders import (
    ADVICE_RETURNS,
    RecordingLoss,
    RecordingSGD,
    advise,
    make_dropout_model,
    make_other_classifier,
    make_recording_model,
)
from spec.pages.optimization_setup import (
    EPOCH_TOL,
    EXPECTED_BATCHES,
    GPU_ONLY,
    LOADERS,
    LR,
    OTHER_BATCH_SIZE,
    OTHER_MODEL,
    REFERENCE_MODEL,
    Data,
    check_batch_sizes,
    check_batches_reach_model_device,
    check_close,
    check_forwards,
    check_ran,
    loop_call,
    make_data,
    make_loader,
    make_other_data,
    model_on_the_modules_device,  # noqa: F401  (an autouse fixture: the model on a 1.2 module's `device`)
    observe,
    parameter,
)

pytestmark = pytest.mark.optimization


def run_train_loop(
    impl: Any, model: nn.Module, data: Data, *, loss_fn: Any = None, optimizer: Any = None, **loader: Any
) -> Any:
    """`impl.train_loop`, one epoch over make_loader(data, **loader) (CrossEntropyLoss, SGD at LR unless given)."""
    loss_fn = loss_fn if loss_fn is not None else nn.CrossEntropyLoss()
    optimizer = optimizer if optimizer is not None else torch.optim.SGD(model.parameters(), lr=LR)
    return impl.train_loop(make_loader(data, **loader), model, loss_fn, optimizer)


def dropout_model(p: float) -> str:
    """make_dropout_model(p=p), as a reproduce line writes it."""
    return f"model = nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Dropout({p}), nn.Linear(32, 10))"


def check_same_weights(model: nn.Module, twin: nn.Module, *, call: Call, situation: str) -> None:
    """Every parameter of `model` where the reference's run left `twin`'s (same start, same batches)."""
    __tracebackhide__ = True
    for (name, param), twin_param in zip(model.named_parameters(), twin.parameters()):
        check_tensor(param, twin_param, call=observe(call, parameter(name)), tol=EPOCH_TOL, situation=situation)


def check_epoch_like_reference(
    impl: Any, ref: Any, model: nn.Module, data: Data, *, call: Call, seed: int | None = None, loss: bool = True
) -> None:
    """One epoch of the learner's and of the reference's train_loop from the same start (and the same dropout
    masks where `seed` is given): the same weights after it, and the same mean loss if `loss` and it returns one."""
    __tracebackhide__ = True
    twin = copy.deepcopy(model)
    results = []
    for loops, trained in ((impl, model), (ref, twin)):
        if seed is not None:
            torch.manual_seed(seed)
        results.append(run_train_loop(loops, trained, data))
    check_same_weights(model, twin, call=call, situation="as the reference's epoch from the same start")
    if loss and results[0] is not None:  # None: allowed (the tutorial's); the weights are what the epoch did
        check_close(results[0], results[1], call=call, tol=EPOCH_TOL, situation="the epoch's mean batch loss")


def check_batches_and_steps(model: nn.Module, optimizer: RecordingSGD, expected: list[int], *, call: Call) -> None:
    """The recording `model` was given batches of the `expected` sizes, with one optimizer.step() each."""
    __tracebackhide__ = True
    check_batch_sizes(model, expected, call=call)
    check_equal(len(optimizer.steps), len(expected), call=observe(call, "number of optimizer.step() calls"))


@pytest.mark.parametrize("device", devices())
def test_train_loop_zeroes_gradients_each_step(impl, device: str) -> None:
    """At step k, .grad holds batch k's gradient alone: backward adds into .grad until it is zeroed."""
    data, model = make_data(), make_recording_model(device=device)
    loss_fn, optimizer = nn.CrossEntropyLoss(), RecordingSGD(model.parameters(), lr=LR)
    run_train_loop(impl, model, data, loss_fn=loss_fn, optimizer=optimizer)
    c = loop_call("train_loop", data)
    check_ran(optimizer.steps, call=c, counting="optimizer.step() calls", at_least=2)
    probe = make_recording_model(device=device)  # recomputes each step's gradient from its weights
    names = [name for name, _ in model.named_parameters()]
    for k, (step, (X, y)) in enumerate(zip(optimizer.steps, make_loader(data)), start=1):
        with torch.no_grad():
            for param, value in zip(probe.parameters(), step.params):
                param.copy_(value)
        probe.zero_grad()
        loss_fn(probe(X.to(device)), y.to(device)).backward()
        for name, grad, param in zip(names, step.grads, probe.parameters()):
            check_tensor(
                grad,
                param.grad,
                call=observe(c, f"{parameter(name)}.grad at optimizer.step() #{k}"),
                tol=EPOCH_TOL,
                situation="batch k's gradient alone: optimizer.zero_grad() before loss.backward(), every batch",
            )


@pytest.mark.parametrize("device", devices())
def test_train_loop_has_gradients_at_each_step(impl, device: str) -> None:
    """optimizer.step() comes after loss.backward(), with no zero_grad in between."""
    data, model = make_data(), make_recording_model(device=device)
    optimizer = RecordingSGD(model.parameters(), lr=LR)
    run_train_loop(impl, model, data, optimizer=optimizer)
    c = loop_call("train_loop", data)
    check_ran(optimizer.steps, call=c, counting="optimizer.step() calls")
    names = [name for name, _ in model.named_parameters()]
    for k, step in enumerate(optimizer.steps, start=1):
        for name, grad in zip(names, step.grads):
            check(
                grad is not None and bool(grad.abs().sum() > 0),
                call=observe(c, f"{parameter(name)}.grad at optimizer.step() #{k}"),
                actual=grad,
                expected="this batch's gradient (order: zero_grad, backward, step)",
            )


@pytest.mark.parametrize("device", devices())
def test_train_loop_puts_model_in_train_mode(impl, device: str) -> None:
    """The model arrives in eval mode (as test_loop leaves it); every training forward is in train mode."""
    data, model = make_data(), make_recording_model(device=device).eval()
    run_train_loop(impl, model, data)
    c = loop_call("train_loop", data).also("model.eval()")
    check_forwards(model, "training", True, call=c, situation="call model.train()")
    situation = "model.train() sets every submodule, `model.training = True` the model alone"
    check_forwards(model, "inner_training", True, call=c, situation=situation)


@pytest.mark.parametrize("device", GPU_ONLY)
def test_train_loop_moves_batches_to_model_device(impl, device: str) -> None:
    """The DataLoader yields CPU tensors; the model is on the GPU: each batch goes to the model's device."""
    data, model = make_data(), make_recording_model(device=device)
    c = loop_call("train_loop", data).also("model.cuda()")
    check_batches_reach_model_device(model, lambda: run_train_loop(impl, model, data), call=c)


@pytest.mark.parametrize("batch_size", list(EXPECTED_BATCHES), ids=lambda b: f"batch{b}")
@pytest.mark.parametrize("device", devices())
def test_train_loop_uses_every_batch_including_last_partial_one(impl, batch_size: int, device: str) -> None:
    """150 samples in batches of 64: forward and step on 64, 64 and the last 22 (of 47: 47, 47, 47 and 9)."""
    data, model = make_data(), make_recording_model(device=device)
    optimizer = RecordingSGD(model.parameters(), lr=LR)
    run_train_loop(impl, model, data, optimizer=optimizer, batch_size=batch_size)
    c = loop_call("train_loop", data, batch_size=batch_size)
    check_batches_and_steps(model, optimizer, EXPECTED_BATCHES[batch_size], call=c)


@pytest.mark.parametrize("device", devices())
def test_train_loop_returns_mean_of_batch_losses(impl, request, device: str) -> None:
    """The return value is a float: the mean of the losses of the epoch's batches (not their sum, not the last).
    Or None, as the tutorial's train_loop returns (then there is no value to check: advice only).

    Batches of 47 here (47, 47, 47, 9): the number of batches is len(dataloader), not a count from the tutorial's 64.
    """
    data, model, loss_fn = make_data(), make_recording_model(device=device), RecordingLoss()
    result = run_train_loop(impl, model, data, loss_fn=loss_fn, batch_size=OTHER_BATCH_SIZE)
    c = loop_call("train_loop", data, batch_size=OTHER_BATCH_SIZE)
    check_ran(loss_fn.values, call=c, counting="loss_fn calls", expected="one per batch (4 here)")
    if result is None:
        advise(request, ADVICE_RETURNS)
        return
    check(isinstance(result, float), call=c, actual=result, expected="a float (loss.item() gives one)", kind="type")
    situation = f"the mean of the batch losses {[round(v, 6) for v in loss_fn.values]}: sum of loss.item() / batches"
    check_close(result, statistics.mean(loss_fn.values), call=c, tol=EPOCH_TOL, situation=situation)


@pytest.mark.parametrize("device", devices())
def test_train_loop_matches_reference_epoch(impl, ref, device: str) -> None:
    """Same start, same batches: one epoch leaves the weights where the reference's epoch does."""
    data, model = make_data(), ref.NeuralNetwork().to(device)
    c = loop_call("train_loop", data, model=REFERENCE_MODEL)
    check_epoch_like_reference(impl, ref, model, data, call=c)


@pytest.mark.parametrize("device", devices())
def test_train_loop_accepts_any_input_shape_and_number_of_classes(impl, ref, device: str) -> None:
    """(N, 3, 5, 7) inputs and 7 classes: the loop hands the batches to the model as they are (no 28x28, no 10)."""
    data, model = make_other_data(), make_other_classifier(device=device)
    c = loop_call("train_loop", data, model=OTHER_MODEL)
    check_epoch_like_reference(impl, ref, model, data, call=c)


@pytest.mark.parametrize("device", devices())
def test_train_loop_matches_reference_epoch_with_dropout(impl, ref, device: str) -> None:
    """A model with Dropout, handed over in eval mode: the epoch must train with dropout active."""
    data, model = make_data(), make_dropout_model(device=device).eval()
    c = loop_call("train_loop", data, model=dropout_model(0.5)).also("model.eval(); torch.manual_seed(1)")
    check_epoch_like_reference(impl, ref, model, data, call=c, seed=1, loss=False)  # the same masks in both runs


@pytest.mark.parametrize("loader", list(LOADERS))
@pytest.mark.parametrize("device", devices())
def test_train_loop_uses_every_batch_of_any_loader(impl, loader: str, device: str) -> None:
    """Every batch the dataloader gives, as it gives them: a multiple, a last batch of one, drop_last, 102 batches."""
    n, batch_size, drop_last, expected = LOADERS[loader]
    data, model = make_data(n=n), make_recording_model(device=device)
    optimizer = RecordingSGD(model.parameters(), lr=LR)
    run_train_loop(impl, model, data, optimizer=optimizer, batch_size=batch_size, drop_last=drop_last)
    c = loop_call("train_loop", data, batch_size=batch_size, drop_last=drop_last)
    check_batches_and_steps(model, optimizer, expected, call=c)


@pytest.mark.parametrize("loader", list(LOADERS))
@pytest.mark.parametrize("device", devices())
def test_train_loop_returns_mean_of_batch_losses_of_any_loader(impl, request, loader: str, device: str) -> None:
    """The mean over the batches the loader gave: len(dataloader) of them, however it batches (or None)."""
    n, batch_size, drop_last, _ = LOADERS[loader]
    data, model, loss_fn = make_data(n=n), make_recording_model(device=device), RecordingLoss()
    result = run_train_loop(impl, model, data, loss_fn=loss_fn, batch_size=batch_size, drop_last=drop_last)
    if result is None:
        advise(request, ADVICE_RETURNS)
        return
    expected = statistics.mean(loss_fn.values) if loss_fn.values else math.nan
    situation = f"the mean of its {len(loss_fn.values)} batch losses: sum of loss.item() / len(dataloader)"
    c = loop_call("train_loop", data, batch_size=batch_size, drop_last=drop_last)
    check_close(result, expected, call=c, tol=EPOCH_TOL, situation=situation)


OPTIMIZERS = {  # name -> a torch.optim optimizer with state carried from one step (and epoch) to the next
    "sgd": (torch.optim.SGD, {"lr": LR}),
    "sgd-momentum": (torch.optim.SGD, {"lr": LR, "momentum": 0.9}),
    "adam": (torch.optim.Adam, {"lr": 1e-3}),
}


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
@pytest.mark.parametrize("device", devices())
def test_train_loop_second_epoch_matches_reference(impl, ref, optimizer: str, device: str) -> None:
    """Two epochs with the optimizer given, as given: its state (momentum, Adam's moments) carries over, no
    running total carries over, and its settings stay as the caller set them."""
    data, model = make_data(), make_dropout_model(p=0.0, device=device)
    twin = copy.deepcopy(model)
    kind, options = OPTIMIZERS[optimizer]
    opt, twin_opt = kind(model.parameters(), **options), kind(twin.parameters(), **options)
    settings = [{k: v for k, v in group.items() if k != "params"} for group in opt.param_groups]
    arguments = ", ".join(f"{k}={v}" for k, v in options.items())
    code = f"torch.optim.{kind.__name__}(model.parameters(), {arguments})"
    c = loop_call("train_loop", data, model=dropout_model(0.0), optimizer=code)
    for epoch in (1, 2):
        loss = run_train_loop(impl, model, data, optimizer=opt)
        expected = run_train_loop(ref, twin, data, optimizer=twin_opt)
        c = c.also(c.text) if epoch == 2 else c  # the second call, after the first
        check_same_weights(model, twin, call=c, situation="optimizer.step() of the optimizer given, its state kept")
        if loss is not None:
            check_close(loss, expected, call=c, tol=EPOCH_TOL, situation=f"epoch {epoch}: no total kept across calls")
    check_equal(
        [{k: v for k, v in group.items() if k != "params"} for group in opt.param_groups],
        settings,
        call=observe(c, "[{k: v for k, v in g.items() if k != 'params'} for g in optimizer.param_groups]"),
        situation="use the optimizer as given",
    )


@pytest.mark.parametrize("device", devices())
def test_train_loop_leaves_frozen_layers_frozen(impl, device: str) -> None:
    """A layer the caller froze (requires_grad_(False), 1.7.3: fine-tuning) stays frozen and unchanged."""
    data, model = make_data(), make_dropout_model(p=0.0, device=device)
    model[1].requires_grad_(False)  # the first Linear
    frozen = {name: param.detach().clone() for name, param in model.named_parameters() if not param.requires_grad}
    trainable = [p for p in model.parameters() if p.requires_grad]
    impl.train_loop(make_loader(data), model, nn.CrossEntropyLoss(), torch.optim.SGD(trainable, lr=LR))
    model_code = f"{dropout_model(0.0)}; model[1].requires_grad_(False)"
    c = loop_call(
        "train_loop",
        data,
        model=model_code,
        optimizer=f"torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr={LR})",
    )
    params = dict(model.named_parameters())
    frozen_after = sorted(n for n, p in params.items() if not p.requires_grad)
    check_equal(
        frozen_after,
        sorted(frozen),
        call=observe(c, "sorted(n for n, p in model.named_parameters() if not p.requires_grad)"),
        situation="the caller's",
    )
    for name, before in frozen.items():
        check_tensor_equal(params[name], before, call=observe(c, parameter(name)), situation="a frozen parameter")


def test_train_loop_does_not_reseed_the_random_stream(impl) -> None:
    """An epoch may draw random numbers (dropout, a shuffling loader's order) but never reseeds torch's stream: a
    torch.manual_seed inside train_loop gives every epoch the same dropout masks and the same shuffled order."""
    data = make_data(n=20)

    def epoch() -> None:
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
        impl.train_loop(make_loader(data), model, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=LR))

    model = "model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10)); loss_fn = nn.CrossEntropyLoss()"
    check_does_not_reseed(epoch, call=loop_call("train_loop", data, model=model))
