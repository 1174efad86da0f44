"""Tutorial 1.8 Optimizing Model Parameters (优化模型参数): train_loop and test_loop (1.8.3, 1.8.4).

The loops run on small random data (150 samples: batches of 64, 64 and a last partial one of 22; the
mean-loss and batch-count tests also use batches of 47, so the tutorial's 64 cannot be assumed) with
models, a loss and an optimizer that record how they were used (spec/helpers/recorders.py), so each rule of the
loops has a test of its own. The facts the page states about losses and SGD are in
spec/pages/test_optimization_facts.py; whether the loops train a network to the tutorial's accuracy is in
spec/pages/test_convergence.py.

Return values are optional (issue 15): train_loop may return None, as the tutorial's does (then the
tests check what the epoch did, not a value); test_loop may return None after printing the tutorial's
`Accuracy: 65.8%, Avg loss: 1.074610` (then the printout is read, to its printed precision). Returning
them is given once as advice at the end of the run.

Devices (the contract, reference/optimization.py): a loop puts each batch on the device of the model it
is given. 1.8's loops move nothing and pass wherever the model is on the CPU, as 1.8 runs them; the gpu
tests put the model on CUDA and ask the batches to follow. 1.2's loops move batches to a module-level
`device`: a module that defines one is checked with the model on that device only (the tests of other
devices skip, saying so), as 1.2 runs them.

Situations each loop is checked in (issue 18):
- train_loop: loaders of 150 in 64s and in 47s, a multiple (128 in 64s), a last batch of one (129 in
  64s), drop_last=True, 102 tiny batches (LOADERS); models in eval mode before, with Dropout, with a
  frozen layer, of another input shape and number of classes; SGD, SGD with momentum and Adam over two
  epochs (the optimizer as given: its state kept, its settings unchanged; no total kept across calls).
- test_loop: the same loaders (accuracy too, but with drop_last, where which samples count is the
  loader's); 100 of 150 right spread over the batches, all right; models in train mode before, with a
  frozen layer (requires_grad as it was); grad mode on and off before; a second call on another loader.
"""

from __future__ import annotations

import copy
import math
import statistics
from collections.abc import Callable
from typing import Any

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from spec.contract import where
from spec.helpers.checks import check, check_equal, check_tensor, check_tensor_equal, devices, make_tensor
from spec.helpers.recorders import (
    ADVICE_RETURNS,
    OTHER_INPUT_SHAPE,
    OTHER_NUM_CLASSES,
    RecordingLoss,
    RecordingSGD,
    advise,
    make_dropout_model,
    make_other_classifier,
    make_recording_model,
    read_test_loop,
    skip_unless_loops_run_on,
)

pytestmark = pytest.mark.optimization

N = 150  # samples; not a multiple of the batch size
BATCH_SIZE = 64
BATCH_SIZES = [64, 64, 22]  # what one pass over N samples must feed the model
OTHER_BATCH_SIZE = 47  # 47, 47, 47, 9: four batches, where the tutorial's batch size would give ceil(150 / 64) = 3
# Batch size of the DataLoader -> the batches one pass over N samples feeds the model: the loops take
# the dataloader's batches as they come (a loop that re-batches dataloader.dataset by 64 fails on 47).
EXPECTED_BATCHES = {BATCH_SIZE: BATCH_SIZES, OTHER_BATCH_SIZE: [47, 47, 47, 9]}
# Loaders of other shapes than 150 in 64s (issue 18): name -> (samples, batch size, drop_last, the batches expected).
LOADERS = {
    "multiple": (128, 64, False, [64, 64]),  # no partial batch at all
    "last-of-one": (129, 64, False, [64, 64, 1]),  # a last batch of a single sample (squeeze, BatchNorm skips)
    "drop-last": (150, 64, True, [64, 64]),  # len(dataloader) = 2, not ceil(150 / 64) = 3
    "many-tiny": (203, 2, False, [2] * 101 + [1]),  # 102 batches: loops that print or reset every 100 batches
}
LR = 0.1  # larger than the tutorial's 1e-3, so that one epoch moves the weights well past the tolerances
TRAIN = where("train_loop") + ", train_loop"
TEST = where("test_loop") + ", test_loop"
TRAIN_CALL = "train_loop(DataLoader(data, batch_size=64), model, loss_fn, optimizer)  # 150 samples"
TEST_CALL = "test_loop(DataLoader(data, batch_size=64), model, loss_fn)  # 150 samples"
GPU_ONLY = [param for param in devices() if param.id == "cuda"]  # on the CPU a batch cannot be elsewhere


def make_data(*, n: int = N) -> TensorDataset:
    """n random (1, 28, 28) images in [0, 1) with random labels 0..9, on the CPU (the loops move them)."""
    return TensorDataset(make_tensor((n, 1, 28, 28), low=0, high=1), torch.randint(0, 10, (n,)))


def make_other_data(*, n: int = N) -> TensorDataset:
    """n random (3, 5, 7) inputs with labels 0..6: another task than Fashion-MNIST, for make_other_classifier."""
    return TensorDataset(make_tensor((n, *OTHER_INPUT_SHAPE), low=0, high=1), torch.randint(0, OTHER_NUM_CLASSES, (n,)))


def make_loader(data: TensorDataset, *, batch_size: int = BATCH_SIZE, drop_last: bool = False) -> DataLoader:
    return DataLoader(data, batch_size=batch_size, drop_last=drop_last)  # no shuffle: the same batches every run


def loader_call(name: str, loop: str) -> str:
    """The reproducing call of `loop` on the LOADERS situation `name`."""
    n, batch_size, drop_last, _ = LOADERS[name]
    args = "model, loss_fn, optimizer" if loop == "train_loop" else "model, loss_fn"
    option = ", drop_last=True" if drop_last else ""
    return f"{loop}(DataLoader(data, batch_size={batch_size}{option}), {args})  # {n} samples"


def check_close(
    actual: Any, expected: float, *, what: str, where: str, rtol: float, atol: float, repro: str | None = None
) -> None:
    """A number within tolerance of `expected` (a Python float or a one-element tensor)."""
    __tracebackhide__ = True
    try:
        value = float(actual.detach() if isinstance(actual, torch.Tensor) else actual)
    except (TypeError, ValueError, RuntimeError):
        value = math.nan
    check(
        math.isclose(value, expected, rel_tol=rtol, abs_tol=atol),
        what=what,
        actual=actual,
        expected=f"{expected!r} (within rtol={rtol}, atol={atol})",
        where=where,
        repro=repro,
    )


@pytest.fixture(autouse=True)
def _model_on_the_modules_device(request: pytest.FixtureRequest, impl) -> None:
    """A module with a module-level `device` (1.2) is checked with the model on that device (see the docstring)."""
    device = getattr(getattr(request.node, "callspec", None), "params", {}).get("device")
    if device is not None:
        skip_unless_loops_run_on(impl.module, device)


def run_train_loop(
    impl: Any,
    model: nn.Module,
    data: TensorDataset,
    *,
    loss_fn: nn.Module | None = None,
    optimizer: torch.optim.Optimizer | None = None,
    batch_size: int = BATCH_SIZE,
    drop_last: bool = False,
) -> Any:
    loss_fn = loss_fn if loss_fn is not None else nn.CrossEntropyLoss()
    optimizer = optimizer if optimizer is not None else torch.optim.SGD(model.parameters(), lr=LR)
    return impl.train_loop(make_loader(data, batch_size=batch_size, drop_last=drop_last), model, loss_fn, optimizer)


# ---------------------------------------------------------------------------------------------
# train_loop


@pytest.mark.parametrize("device", devices())
def test_train_loop_zeroes_gradients_each_step(impl, device: str) -> None:
    """At step k, .grad holds batch k's gradient alone: backward adds into .grad until it is zeroed."""
    data = make_data()
    model = make_recording_model(device=device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = RecordingSGD(model.parameters(), lr=LR)
    run_train_loop(impl, model, data, loss_fn=loss_fn, optimizer=optimizer)
    check(
        len(optimizer.steps) >= 2,
        what="number of optimizer.step() calls",
        actual=len(optimizer.steps),
        expected="one per batch (3 here)",
        where=TRAIN,
        repro=TRAIN_CALL,
    )
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
                what=f"model.{name}.grad at optimizer.step() #{k}",
                where=TRAIN + ": optimizer.zero_grad() before loss.backward(), every batch",
                rtol=1e-5,
                atol=1e-6,
                repro=TRAIN_CALL,
            )


@pytest.mark.parametrize("device", devices())
def test_train_loop_has_gradients_at_each_step(impl, device: str) -> None:
    """optimizer.step() comes after loss.backward(), with no zero_grad in between."""
    model = make_recording_model(device=device)
    optimizer = RecordingSGD(model.parameters(), lr=LR)
    run_train_loop(impl, model, make_data(), optimizer=optimizer)
    check(
        len(optimizer.steps) > 0,
        what="number of optimizer.step() calls",
        actual=len(optimizer.steps),
        expected="one per batch (3 here)",
        where=TRAIN,
        repro=TRAIN_CALL,
    )
    names = [name for name, _ in model.named_parameters()]
    for k, step in enumerate(optimizer.steps, start=1):
        for name, grad in zip(names, step.grads):
            check(
                grad is not None and bool(grad.abs().sum() > 0),
                what=f"model.{name}.grad at optimizer.step() #{k}",
                actual=grad,
                expected="this batch's gradient (order: zero_grad, backward, step)",
                where=TRAIN,
                repro=TRAIN_CALL,
            )


@pytest.mark.parametrize("device", devices())
def test_train_loop_puts_model_in_train_mode(impl, device: str) -> None:
    """The model arrives in eval mode (as test_loop leaves it); every training forward is in train mode."""
    model = make_recording_model(device=device).eval()
    run_train_loop(impl, model, make_data())
    check(
        len(model.calls) > 0,
        what="number of forward calls",
        actual=len(model.calls),
        expected="one per batch (3 here)",
        where=TRAIN,
        repro=TRAIN_CALL,
    )
    for k, call in enumerate(model.calls, start=1):
        check_equal(
            call.training,
            True,
            what=f"model.training at forward #{k}",
            where=TRAIN + ": call model.train() first",
            repro=TRAIN_CALL,
        )
        check_equal(
            call.inner_training,
            True,
            what=f"model.linear.training (a submodule) at forward #{k}",
            where=TRAIN + ": model.train() sets every submodule, `model.training = True` only the model",
            repro=TRAIN_CALL,
        )


@pytest.mark.parametrize("device", GPU_ONLY)
def test_train_loop_moves_batches_to_model_device(impl, device: str) -> None:
    """The DataLoader yields CPU tensors; the model is on the GPU: each batch goes to the model's device."""
    model = make_recording_model(device=device)
    check_batches_reach_model_device(
        model, lambda: run_train_loop(impl, model, make_data()), where=TRAIN, repro=TRAIN_CALL
    )


@pytest.mark.parametrize("batch_size", list(EXPECTED_BATCHES), ids=lambda b: f"batch{b}")
@pytest.mark.parametrize("device", devices())
def test_train_loop_uses_every_batch_including_last_partial_one(impl, batch_size: int, device: str) -> None:
    """150 samples in batches of 64: forward and step on 64, 64 and the last 22 (of 47: 47, 47, 47 and 9)."""
    model = make_recording_model(device=device)
    optimizer = RecordingSGD(model.parameters(), lr=LR)
    repro = TRAIN_CALL.replace("batch_size=64", f"batch_size={batch_size}")
    run_train_loop(impl, model, make_data(), optimizer=optimizer, batch_size=batch_size)
    expected = EXPECTED_BATCHES[batch_size]
    check_equal(
        [call.batch_size for call in model.calls],
        expected,
        what="sizes of the batches given to the model",
        where=TRAIN + ": iterate over the dataloader given, as it batches",
        repro=repro,
    )
    check_equal(len(optimizer.steps), len(expected), what="number of optimizer.step() calls", where=TRAIN, repro=repro)


@pytest.mark.parametrize("device", devices())
def test_train_loop_returns_mean_of_batch_losses(impl, request, device: str) -> None:
    """The return value is a float: the mean of the losses of the epoch's batches (not their sum, not the last).
    Or None, as the tutorial's train_loop returns (then there is no value to check: advice only).

    Batches of 47 here (47, 47, 47, 9): the number of batches is len(dataloader), not a count from the tutorial's 64.
    """
    model = make_recording_model(device=device)
    loss_fn = RecordingLoss()
    repro = TRAIN_CALL.replace("batch_size=64", f"batch_size={OTHER_BATCH_SIZE}")
    result = run_train_loop(impl, model, make_data(), loss_fn=loss_fn, batch_size=OTHER_BATCH_SIZE)
    check(
        len(loss_fn.values) > 0,
        what="number of loss_fn calls",
        actual=len(loss_fn.values),
        expected="one per batch (4 here)",
        where=TRAIN,
        repro=repro,
    )
    if result is None:
        advise(request, ADVICE_RETURNS)
        return
    check(
        isinstance(result, float),
        what="type(train_loop(...))",
        actual=type(result).__name__,
        expected="float (loss.item() gives one)",
        where=TRAIN,
        repro=repro,
    )
    check_close(
        result,
        statistics.mean(loss_fn.values),
        what=f"train_loop(...) with batch losses {[round(v, 6) for v in loss_fn.values]}",
        where=TRAIN + ": sum of loss.item() over the batches / number of batches",
        rtol=1e-5,
        atol=1e-6,
        repro=repro,
    )


@pytest.mark.parametrize("device", devices())
def test_train_loop_matches_reference_epoch(impl, ref, device: str) -> None:
    """Same start, same batches: one epoch leaves the weights where the reference's epoch does."""
    data = make_data()
    model = ref.NeuralNetwork().to(device)
    twin = copy.deepcopy(model)
    loss = run_train_loop(impl, model, data)
    expected = run_train_loop(ref, twin, data)
    for (name, param), twin_param in zip(model.named_parameters(), twin.parameters()):
        check_tensor(
            param, twin_param, what=f"model.{name} after one epoch", where=TRAIN, rtol=1e-5, atol=1e-6, repro=TRAIN_CALL
        )
    if loss is not None:  # None: allowed (the tutorial's); the weights above are what the epoch did
        check_close(
            loss,
            expected,
            what="train_loop(...) (the epoch's mean batch loss)",
            where=TRAIN,
            rtol=1e-5,
            atol=1e-6,
            repro=TRAIN_CALL,
        )


@pytest.mark.parametrize("device", devices())
def test_train_loop_accepts_any_input_shape_and_number_of_classes(impl, ref, device: str) -> None:
    """(N, 3, 5, 7) inputs and 7 classes: the loop hands the batches to the model as they are (no 28x28, no 10)."""
    data = make_other_data()
    model = make_other_classifier(device=device)
    twin = copy.deepcopy(model)
    loss = run_train_loop(impl, model, data)
    expected = run_train_loop(ref, twin, data)
    repro = TRAIN_CALL.replace("150 samples", "150 samples (3, 5, 7), 7 classes")
    for (name, param), twin_param in zip(model.named_parameters(), twin.parameters()):
        check_tensor(
            param,
            twin_param,
            what=f"model.{name} after one epoch on (3, 5, 7) inputs with 7 classes",
            where=TRAIN,
            rtol=1e-5,
            atol=1e-6,
            repro=repro,
        )
    if loss is not None:  # None: allowed (the tutorial's)
        check_close(
            loss,
            expected,
            what="train_loop(...) on (3, 5, 7) inputs with 7 classes",
            where=TRAIN,
            rtol=1e-5,
            atol=1e-6,
            repro=repro,
        )


@pytest.mark.parametrize("device", devices())
def test_train_loop_matches_reference_epoch_with_dropout(impl, ref, device: str) -> None:
    """A model with Dropout, handed over in eval mode: the epoch must train with dropout active."""
    data = make_data()
    model = make_dropout_model(device=device).eval()
    twin = copy.deepcopy(model)
    torch.manual_seed(1)  # the same dropout masks in both runs
    run_train_loop(impl, model, data)
    torch.manual_seed(1)
    run_train_loop(ref, twin, data)
    for (name, param), twin_param in zip(model.named_parameters(), twin.parameters()):
        check_tensor(
            param,
            twin_param,
            what=f"model.{name} after one epoch with Dropout(0.5)",
            where=TRAIN,
            rtol=1e-5,
            atol=1e-6,
            repro=TRAIN_CALL,
        )


@pytest.mark.parametrize("loader", list(LOADERS))
@pytest.mark.parametrize("device", devices())
def test_train_loop_uses_every_batch_of_any_loader(impl, loader: str, device: str) -> None:
    """Every batch the dataloader gives, as it gives them: a multiple, a last batch of one, drop_last, 102 batches."""
    n, batch_size, drop_last, expected = LOADERS[loader]
    model = make_recording_model(device=device)
    optimizer = RecordingSGD(model.parameters(), lr=LR)
    impl.train_loop(
        make_loader(make_data(n=n), batch_size=batch_size, drop_last=drop_last), model, nn.CrossEntropyLoss(), optimizer
    )
    repro = loader_call(loader, "train_loop")
    check_equal(
        [call.batch_size for call in model.calls],
        expected,
        what="sizes of the batches given to the model",
        where=TRAIN + ": iterate over the dataloader given, as it batches",
        repro=repro,
    )
    check_equal(len(optimizer.steps), len(expected), what="number of optimizer.step() calls", where=TRAIN, repro=repro)


@pytest.mark.parametrize("loader", list(LOADERS))
@pytest.mark.parametrize("device", devices())
def test_train_loop_returns_mean_of_batch_losses_of_any_loader(impl, request, loader: str, device: str) -> None:
    """The mean over the batches the loader gave: len(dataloader) of them, however it batches (or None)."""
    n, batch_size, drop_last, _ = LOADERS[loader]
    model = make_recording_model(device=device)
    loss_fn = RecordingLoss()
    result = run_train_loop(impl, model, make_data(n=n), loss_fn=loss_fn, batch_size=batch_size, drop_last=drop_last)
    repro = loader_call(loader, "train_loop")
    if result is None:
        advise(request, ADVICE_RETURNS)
        return
    check_close(
        result,
        statistics.mean(loss_fn.values) if loss_fn.values else math.nan,
        what=f"train_loop(...) over {len(loss_fn.values)} batches",
        rtol=1e-5,
        atol=1e-6,
        repro=repro,
        where=TRAIN + ": sum of loss.item() over the batches / len(dataloader)",
    )


OPTIMIZERS = {  # name -> a torch.optim optimizer with state carried from one step (and epoch) to the next
    "sgd": lambda params: torch.optim.SGD(params, lr=LR),
    "sgd-momentum": lambda params: torch.optim.SGD(params, lr=LR, momentum=0.9),
    "adam": lambda params: torch.optim.Adam(params, lr=1e-3),
}


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
@pytest.mark.parametrize("device", devices())
def test_train_loop_second_epoch_matches_reference(impl, ref, optimizer: str, device: str) -> None:
    """Two epochs with the optimizer given, as given: its state (momentum, Adam's moments) carries over, no
    running total carries over, and its settings stay as the caller set them."""
    data = make_data()
    model = make_dropout_model(p=0.0, device=device)
    twin = copy.deepcopy(model)
    opt, twin_opt = OPTIMIZERS[optimizer](model.parameters()), OPTIMIZERS[optimizer](twin.parameters())
    settings = [{k: v for k, v in group.items() if k != "params"} for group in opt.param_groups]
    repro = f"{TRAIN_CALL} twice  # optimizer: {optimizer}"
    for epoch in (1, 2):
        loss = run_train_loop(impl, model, data, optimizer=opt)
        expected = run_train_loop(ref, twin, data, optimizer=twin_opt)
        for (name, param), twin_param in zip(model.named_parameters(), twin.parameters()):
            check_tensor(
                param,
                twin_param,
                what=f"model.{name} after epoch {epoch} with {optimizer}",
                where=TRAIN + ": optimizer.step() of the optimizer given, its state kept",
                rtol=1e-5,
                atol=1e-6,
                repro=repro,
            )
        if loss is not None:
            check_close(
                loss,
                expected,
                what=f"train_loop(...) of epoch {epoch}",
                where=TRAIN + ": no total kept across calls",
                rtol=1e-5,
                atol=1e-6,
                repro=repro,
            )
    check_equal(
        [{k: v for k, v in group.items() if k != "params"} for group in opt.param_groups],
        settings,
        what="optimizer.param_groups settings after train_loop",
        where=TRAIN + ": use the optimizer as given",
        repro=repro,
    )


@pytest.mark.parametrize("device", devices())
def test_train_loop_leaves_frozen_layers_frozen(impl, device: str) -> None:
    """A layer the caller froze (requires_grad_(False), 1.7.3: fine-tuning) stays frozen and unchanged."""
    model = make_dropout_model(p=0.0, device=device)
    model[1].requires_grad_(False)  # the first Linear
    frozen = {name: param.detach().clone() for name, param in model.named_parameters() if not param.requires_grad}
    trainable = [p for p in model.parameters() if p.requires_grad]
    impl.train_loop(make_loader(make_data()), model, nn.CrossEntropyLoss(), torch.optim.SGD(trainable, lr=LR))
    repro = "model[1].requires_grad_(False); " + TRAIN_CALL
    params = dict(model.named_parameters())
    check_equal(
        sorted(n for n, p in params.items() if not p.requires_grad),
        sorted(frozen),
        what="parameters with requires_grad=False after train_loop",
        where=TRAIN + ": the caller's choice",
        repro=repro,
    )
    for name, before in frozen.items():
        check_tensor_equal(
            params[name], before, what=f"model.{name} (frozen) after train_loop", where=TRAIN, repro=repro
        )


# ---------------------------------------------------------------------------------------------
# test_loop


# 100 of the 150 predictions right, spread so that every shortcut gives another number: batch by
# batch 64/64, 26/64 and 10/22 (a mean of batch accuracies: 0.620; without the last batch: 90/150).
HUNDRED_RIGHT = torch.cat(
    [
        torch.ones(90, dtype=torch.bool),
        torch.zeros(38, dtype=torch.bool),
        torch.ones(10, dtype=torch.bool),
        torch.zeros(12, dtype=torch.bool),
    ]
)


def make_labelled_data(model: nn.Module, *, right: torch.Tensor) -> TensorDataset:
    """N images labelled so that `model` predicts exactly those where `right` (N,) is True correctly."""
    X = make_tensor((N, 1, 28, 28), low=0, high=1)
    with torch.no_grad():
        predicted = model(X.to(next(model.parameters()).device)).argmax(1).cpu()
    return TensorDataset(X, torch.where(right, predicted, (predicted + 1) % 10))


@pytest.mark.parametrize("device", devices())
def test_test_loop_accuracy_is_correct_over_dataset_size(impl, request, device: str) -> None:
    """100 of 150 predictions right (64/64, 26/64 and 10/22 per batch): accuracy 100/150, not a batch average."""
    model = make_recording_model(device=device)
    data = make_labelled_data(model, right=HUNDRED_RIGHT)
    report = read_test_loop(
        lambda: impl.test_loop(make_loader(data), model, nn.CrossEntropyLoss()),
        where=TEST,
        repro=TEST_CALL,
        request=request,
    )
    check_close(
        report.accuracy,
        100 / N,
        what="accuracy from test_loop(...) with 100 of 150 right",
        where=TEST + ": correct predictions over all batches / len(dataloader.dataset)",
        rtol=1e-6,
        atol=report.accuracy_atol,
        repro=TEST_CALL,
    )


@pytest.mark.parametrize("device", devices())
def test_test_loop_accuracy_is_a_fraction_not_a_percent(impl, request, device: str) -> None:
    """All 150 right: accuracy 1.0 (the tutorial prints 100 * accuracy; test_loop returns the fraction)."""
    model = make_recording_model(device=device)
    data = make_labelled_data(model, right=torch.ones(N, dtype=torch.bool))
    report = read_test_loop(
        lambda: impl.test_loop(make_loader(data), model, nn.CrossEntropyLoss()),
        where=TEST,
        repro=TEST_CALL,
        request=request,
    )
    check_close(
        report.accuracy,
        1.0,
        what="accuracy from test_loop(...) with every prediction right",
        where=TEST + ": a fraction in [0, 1]",
        rtol=1e-6,
        atol=report.accuracy_atol,
        repro=TEST_CALL,
    )


@pytest.mark.parametrize("device", devices())
def test_test_loop_avg_loss_is_mean_over_batches(impl, request, device: str) -> None:
    """avg_loss = sum of the batch losses / number of batches (the last, partial batch weighs as much).

    Batches of 47 here (47, 47, 47, 9): the number of batches is len(dataloader), not a count from the tutorial's 64.
    """
    model = make_recording_model(device=device)
    data = make_labelled_data(model, right=HUNDRED_RIGHT)  # batch losses far apart
    loss_fn = RecordingLoss()
    repro = TEST_CALL.replace("batch_size=64", f"batch_size={OTHER_BATCH_SIZE}")
    report = read_test_loop(
        lambda: impl.test_loop(make_loader(data, batch_size=OTHER_BATCH_SIZE), model, loss_fn),
        where=TEST,
        repro=repro,
        request=request,
    )
    check(
        len(loss_fn.values) > 0,
        what="number of loss_fn calls",
        actual=len(loss_fn.values),
        expected="one per batch (4 here)",
        where=TEST,
        repro=repro,
    )
    check_close(
        report.avg_loss,
        statistics.mean(loss_fn.values),
        what=f"avg_loss from test_loop(...) with batch losses {[round(v, 6) for v in loss_fn.values]}",
        where=TEST + ": test_loss /= num_batches",
        rtol=1e-5,
        atol=max(1e-6, report.loss_atol),
        repro=repro,
    )


@pytest.mark.parametrize("batch_size", list(EXPECTED_BATCHES), ids=lambda b: f"batch{b}")
@pytest.mark.parametrize("device", devices())
def test_test_loop_sees_every_sample(impl, batch_size: int, device: str) -> None:
    model = make_recording_model(device=device)
    impl.test_loop(make_loader(make_data(), batch_size=batch_size), model, nn.CrossEntropyLoss())
    check_equal(
        [call.batch_size for call in model.calls],
        EXPECTED_BATCHES[batch_size],
        what="sizes of the batches given to the model",
        where=TEST + ": iterate over the dataloader given, as it batches",
        repro=TEST_CALL.replace("batch_size=64", f"batch_size={batch_size}"),
    )


@pytest.mark.parametrize("device", devices())
def test_test_loop_returns_two_python_floats(impl, request, device: str) -> None:
    """(accuracy, avg_loss) as Python floats: .item() on each batch's count and loss, not tensors summed
    (a tensor result keeps the device's memory alive and is no number for the caller's f-strings and JSON).
    Or None, after printing them as the tutorial does (then the printout is what the other tests read)."""
    model = make_recording_model(device=device)
    report = read_test_loop(
        lambda: impl.test_loop(make_loader(make_data()), model, nn.CrossEntropyLoss()),
        where=TEST,
        repro=TEST_CALL,
        request=request,
    )
    for name, value in zip(("accuracy", "avg_loss"), report[:2]):
        check(
            isinstance(value, float),
            what=f"type of {name} from test_loop(...)",
            actual=type(value).__name__,
            expected="float (correct += (...).sum().item(); test_loss += loss.item())",
            where=TEST,
            repro=TEST_CALL,
        )


@pytest.mark.parametrize("device", devices())
def test_test_loop_runs_model_in_eval_mode(impl, device: str) -> None:
    """The model arrives in train mode (as train_loop leaves it); every test forward is in eval mode."""
    model = make_recording_model(device=device).train()
    impl.test_loop(make_loader(make_data()), model, nn.CrossEntropyLoss())
    check(
        len(model.calls) > 0,
        what="number of forward calls",
        actual=len(model.calls),
        expected="one per batch (3 here)",
        where=TEST,
        repro=TEST_CALL,
    )
    for k, call in enumerate(model.calls, start=1):
        check_equal(
            call.training,
            False,
            what=f"model.training at forward #{k}",
            where=TEST + ": call model.eval() first",
            repro=TEST_CALL,
        )
        check_equal(
            call.inner_training,
            False,
            what=f"model.linear.training (a submodule) at forward #{k}",
            where=TEST + ": model.eval() sets every submodule, `model.training = False` only the model",
            repro=TEST_CALL,
        )


@pytest.mark.parametrize("device", devices())
def test_test_loop_runs_forward_without_grad_tracking(impl, device: str) -> None:
    model = make_recording_model(device=device)
    impl.test_loop(make_loader(make_data()), model, nn.CrossEntropyLoss())
    check(
        len(model.calls) > 0,
        what="number of forward calls",
        actual=len(model.calls),
        expected="one per batch (3 here)",
        where=TEST,
        repro=TEST_CALL,
    )
    for k, call in enumerate(model.calls, start=1):
        check_equal(
            call.grad_enabled,
            False,
            what=f"torch.is_grad_enabled() at forward #{k}",
            where=TEST + ": with torch.no_grad(): around the loop",
            repro=TEST_CALL,
        )


@pytest.mark.parametrize("grad_enabled", [True, False], ids=["grad_enabled", "grad_disabled"])
@pytest.mark.parametrize("device", devices())
def test_test_loop_restores_grad_mode(impl, grad_enabled: bool, device: str) -> None:
    """Whatever grad mode the caller had, it has it again afterwards (a with-block restores it)."""
    model = make_recording_model(device=device)
    with torch.set_grad_enabled(grad_enabled):
        impl.test_loop(make_loader(make_data()), model, nn.CrossEntropyLoss())
        after = torch.is_grad_enabled()
    check_equal(
        after,
        grad_enabled,
        what=f"torch.is_grad_enabled() after test_loop called with it {grad_enabled}",
        where=TEST + ": use `with torch.no_grad():`, not torch.set_grad_enabled(False)",
        repro=f"with torch.set_grad_enabled({grad_enabled}): {TEST_CALL}",
    )


@pytest.mark.parametrize("loader", list(LOADERS))
@pytest.mark.parametrize("device", devices())
def test_test_loop_sees_every_sample_of_any_loader(impl, ref, request, loader: str, device: str) -> None:
    """Every batch as the loader gives it, and the reference's (accuracy, avg_loss) on it: a multiple, a last
    batch of one, drop_last (avg_loss only: which samples count towards the accuracy is the loader's choice),
    102 batches."""
    n, batch_size, drop_last, expected = LOADERS[loader]
    data = make_data(n=n)
    model = make_recording_model(device=device)
    expected_accuracy, expected_loss = ref.test_loop(
        make_loader(data, batch_size=batch_size, drop_last=drop_last), copy.deepcopy(model), nn.CrossEntropyLoss()
    )
    repro = loader_call(loader, "test_loop")
    report = read_test_loop(
        lambda: impl.test_loop(
            make_loader(data, batch_size=batch_size, drop_last=drop_last), model, nn.CrossEntropyLoss()
        ),
        where=TEST,
        repro=repro,
        request=request,
    )
    check_equal(
        [call.batch_size for call in model.calls],
        expected,
        what="sizes of the batches given to the model",
        where=TEST + ": iterate over the dataloader given, as it batches",
        repro=repro,
    )
    if not drop_last:
        check_close(
            report.accuracy,
            expected_accuracy,
            what="accuracy from test_loop(...)",
            where=TEST,
            rtol=1e-6,
            atol=report.accuracy_atol,
            repro=repro,
        )
    check_close(
        report.avg_loss,
        expected_loss,
        what="avg_loss from test_loop(...)",
        rtol=1e-5,
        atol=max(1e-6, report.loss_atol),
        where=TEST + ": test_loss / len(dataloader)",
        repro=repro,
    )


@pytest.mark.parametrize("device", devices())
def test_test_loop_second_call_matches_reference(impl, ref, request, device: str) -> None:
    """Called twice, on 150 then 129 samples: the second result is the second loader's alone (no total, no
    size kept from the first call)."""
    model = make_recording_model(device=device)
    for n in (N, 129):
        data = make_data(n=n)
        expected_accuracy, expected_loss = ref.test_loop(make_loader(data), copy.deepcopy(model), nn.CrossEntropyLoss())
        repro = f"{TEST_CALL}; then the same on 129 samples"
        report = read_test_loop(
            lambda data=data: impl.test_loop(make_loader(data), model, nn.CrossEntropyLoss()),
            where=TEST,
            repro=repro,
            request=request,
        )
        check_close(
            report.accuracy,
            expected_accuracy,
            what=f"accuracy from test_loop(...) on {n} samples",
            where=TEST + ": nothing kept between calls",
            rtol=1e-6,
            atol=report.accuracy_atol,
            repro=repro,
        )
        check_close(
            report.avg_loss,
            expected_loss,
            what=f"avg_loss from test_loop(...) on {n} samples",
            where=TEST + ": nothing kept between calls",
            rtol=1e-5,
            atol=max(1e-6, report.loss_atol),
            repro=repro,
        )


@pytest.mark.parametrize("device", devices())
def test_test_loop_leaves_requires_grad_as_it_was(impl, device: str) -> None:
    """torch.no_grad() is how evaluation skips tracking; requires_grad is the caller's (a frozen first layer
    stays frozen, the rest stays trainable for the next train_loop)."""
    model = make_dropout_model(device=device)
    model[1].requires_grad_(False)
    before = {name: param.requires_grad for name, param in model.named_parameters()}
    impl.test_loop(make_loader(make_data()), model, nn.CrossEntropyLoss())
    check_equal(
        {name: param.requires_grad for name, param in model.named_parameters()},
        before,
        what="requires_grad of each parameter after test_loop",
        where=TEST + ": with torch.no_grad(), not model.requires_grad_(False)",
        repro="model[1].requires_grad_(False); " + TEST_CALL,
    )


@pytest.mark.parametrize("device", devices())
def test_test_loop_leaves_parameters_and_gradients_untouched(impl, device: str) -> None:
    """Evaluation changes nothing: same weights, and no .grad appears (no backward, no optimizer)."""
    model = make_recording_model(device=device)
    before = {name: param.detach().clone() for name, param in model.named_parameters()}
    impl.test_loop(make_loader(make_data()), model, nn.CrossEntropyLoss())
    for name, param in model.named_parameters():
        check_tensor_equal(param, before[name], what=f"model.{name} after test_loop", where=TEST, repro=TEST_CALL)
        check(
            param.grad is None,
            what=f"model.{name}.grad after test_loop",
            actual=param.grad,
            expected="None (test_loop computes no gradients)",
            where=TEST,
            repro=TEST_CALL,
        )


@pytest.mark.parametrize("device", devices())
def test_test_loop_matches_reference(impl, ref, request, device: str) -> None:
    data = make_data()
    model = ref.NeuralNetwork().to(device)
    expected_accuracy, expected_loss = ref.test_loop(make_loader(data), copy.deepcopy(model), nn.CrossEntropyLoss())
    report = read_test_loop(
        lambda: impl.test_loop(make_loader(data), model, nn.CrossEntropyLoss()),
        where=TEST,
        repro=TEST_CALL,
        request=request,
    )
    check_close(
        report.accuracy,
        expected_accuracy,
        what="accuracy from test_loop(...)",
        where=TEST,
        rtol=1e-6,
        atol=report.accuracy_atol,
        repro=TEST_CALL,
    )
    check_close(
        report.avg_loss,
        expected_loss,
        what="avg_loss from test_loop(...)",
        where=TEST,
        rtol=1e-5,
        atol=max(1e-6, report.loss_atol),
        repro=TEST_CALL,
    )


@pytest.mark.parametrize("device", devices())
def test_test_loop_accepts_any_input_shape_and_number_of_classes(impl, ref, request, device: str) -> None:
    """(N, 3, 5, 7) inputs and 7 classes: argmax over dim 1 and len(dataset) work for any task (no 28x28, no 10)."""
    data = make_other_data()
    model = make_other_classifier(device=device)
    expected_accuracy, expected_loss = ref.test_loop(make_loader(data), copy.deepcopy(model), nn.CrossEntropyLoss())
    repro = TEST_CALL.replace("150 samples", "150 samples (3, 5, 7), 7 classes")
    report = read_test_loop(
        lambda: impl.test_loop(make_loader(data), model, nn.CrossEntropyLoss()),
        where=TEST,
        repro=repro,
        request=request,
    )
    check_close(
        report.accuracy,
        expected_accuracy,
        where=TEST,
        rtol=1e-6,
        atol=report.accuracy_atol,
        repro=repro,
        what="accuracy from test_loop(...) on (3, 5, 7) inputs with 7 classes",
    )
    check_close(
        report.avg_loss,
        expected_loss,
        where=TEST,
        rtol=1e-5,
        atol=max(1e-6, report.loss_atol),
        repro=repro,
        what="avg_loss from test_loop(...) on (3, 5, 7) inputs with 7 classes",
    )


@pytest.mark.parametrize("device", GPU_ONLY)
def test_test_loop_moves_batches_to_model_device(impl, device: str) -> None:
    model = make_recording_model(device=device)
    check_batches_reach_model_device(
        model,
        lambda: impl.test_loop(make_loader(make_data()), model, nn.CrossEntropyLoss()),
        where=TEST,
        repro=TEST_CALL,
    )


def check_batches_reach_model_device(model: nn.Module, run: Callable[[], object], *, where: str, repro: str) -> None:
    """Every forward of the recording `model` during `run()` saw its batch on the model's device."""
    __tracebackhide__ = True
    error = None
    try:
        run()
    except NotImplementedError:  # a stub (a RuntimeError too): not implemented, not a failure
        raise
    except RuntimeError as exc:  # a CPU batch meeting GPU weights; reported through the devices below
        error = exc
    model_device = next(model.parameters()).device
    devices_seen = [str(call.device) for call in model.calls]
    check(
        len(devices_seen) > 0 and all(d == str(model_device) for d in devices_seen),
        what="devices of the batches given to the model",
        actual=devices_seen,
        expected=f"all {model_device}, the model's device (X, y = X.to(device), y.to(device))",
        where=where,
        repro=repro,
    )
    if error is not None:
        raise error
