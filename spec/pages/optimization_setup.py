"""What the pages of tutorial 1.8's train_loop and test_loop share: data, loaders, the Call of a loop, checks.

A failure names the loop call that ran, with its data as it was made, then what was looked at:
`train_loop(DataLoader(data, batch_size=64), model, loss_fn, optimizer); model.training at each forward`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from spec.helpers.calls import Call, Tol
from spec.helpers.checks import check, check_equal, devices, make_tensor
from spec.helpers.recorders import (
    NUM_CLASSES,
    OTHER_INPUT_SHAPE,
    OTHER_NUM_CLASSES,
    RecordingModel,
    skip_unless_loops_run_on,
)

N = 150  # samples; not a multiple of the batch size
BATCH_SIZE = 64
OTHER_BATCH_SIZE = 47  # 47, 47, 47, 9: four batches, where the tutorial's batch size would give ceil(150 / 64) = 3
# Batch size of the DataLoader -> the batches one pass over N samples feeds the model: the loops take
# the dataloader's batches as they come (a loop that re-batches dataloader.dataset by 64 fails on 47).
EXPECTED_BATCHES = {BATCH_SIZE: [64, 64, 22], OTHER_BATCH_SIZE: [47, 47, 47, 9]}
# Loaders of other shapes than 150 in 64s (issue 18): name -> (samples, batch size, drop_last, the batches expected).
LOADERS = {
    "multiple": (128, 64, False, [64, 64]),  # no partial batch at all
    "last-of-one": (129, 64, False, [64, 64, 1]),  # a last batch of a single sample (squeeze, BatchNorm skips)
    "drop-last": (150, 64, True, [64, 64]),  # len(dataloader) = 2, not ceil(150 / 64) = 3
    "many-tiny": (203, 2, False, [2] * 101 + [1]),  # 102 batches: loops that print or reset every 100 batches
}
LR = 0.1  # larger than the tutorial's 1e-3, so that one epoch moves the weights well past the tolerances
SGD = f"torch.optim.SGD(model.parameters(), lr={LR})"  # the optimizer the train_loop tests pass unless they say
EPOCH_TOL = Tol(rtol=1e-5, atol=1e-6)  # weights and losses after an epoch, the learner's against the reference's
GPU_ONLY = [param for param in devices() if param.id == "cuda"]  # on the CPU a batch cannot be elsewhere


class Data(TensorDataset):
    """A TensorDataset with `setup`, the line that makes one like it (the start of a reproduce line)."""

    def __init__(self, X: torch.Tensor, y: torch.Tensor, *, setup: str) -> None:
        super().__init__(X, y)
        self.setup = setup


def make_data(*, n: int = N, shape: tuple[int, ...] = (1, 28, 28), classes: int = NUM_CLASSES) -> Data:
    """n random images in [0, 1) with random labels, on the CPU (the loops move them). Another shape and
    number of classes than Fashion-MNIST's: `make_data(shape=OTHER_INPUT_SHAPE, classes=OTHER_NUM_CLASSES)`."""
    dims = ", ".join(map(str, (n, *shape)))
    return Data(
        make_tensor((n, *shape), low=0, high=1),
        torch.randint(0, classes, (n,)),
        setup=f"data = TensorDataset(torch.rand({dims}), torch.randint(0, {classes}, ({n},)))",
    )


def make_other_data() -> Data:
    """(N, 3, 5, 7) inputs with labels 0..6: another task than Fashion-MNIST, for make_other_classifier."""
    return make_data(shape=OTHER_INPUT_SHAPE, classes=OTHER_NUM_CLASSES)


OTHER_MODEL = "model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 5 * 7, 7))"  # make_other_classifier()
# make_recording_model(), the model the loop tests pass unless they say
RECORDING_MODEL = "from spec.helpers.recorders import RecordingModel; model = RecordingModel()"
REFERENCE_MODEL = "from reference import NeuralNetwork; model = NeuralNetwork()"  # ref.NeuralNetwork(): scaffolding


def make_loader(data: TensorDataset, *, batch_size: int = BATCH_SIZE, drop_last: bool = False) -> DataLoader:
    return DataLoader(data, batch_size=batch_size, drop_last=drop_last)  # no shuffle: the same batches every run


def loop_call(
    concept: str,
    data: Data,
    *,
    model: str = "",
    optimizer: str = SGD,
    batch_size: int = BATCH_SIZE,
    drop_last: bool = False,
) -> Call:
    """`train_loop(DataLoader(data, batch_size=64), model, loss_fn, optimizer)` (or test_loop's) as it ran; its
    setup makes the `model` as given in code (the recording model the loop tests pass unless they say), the data
    (whose labels may come from the model), the loss and (for train_loop) the `optimizer`."""
    loader = f"DataLoader(data, batch_size={batch_size}{', drop_last=True' if drop_last else ''})"
    setup = "; ".join((model or RECORDING_MODEL, data.setup, "loss_fn = nn.CrossEntropyLoss()"))
    if concept == "train_loop":
        return Call.of(concept, loader, "model", "loss_fn", "optimizer", setup=f"{setup}; optimizer = {optimizer}")
    return Call.of(concept, loader, "model", "loss_fn", setup=setup)


def parameter(name: str) -> str:
    """A parameter of `model.named_parameters()` as Python reaches it: "1.weight" -> "model[1].weight"."""
    return re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", f"model.{name}")


def observe(call: Call, what: str) -> Call:
    """What is looked at once `call` ran (or while it ran): `train_loop(...); model.training at each forward`."""
    return call.observing(what)


def check_close(actual: Any, expected: float, *, call: Call, tol: Tol, situation: str = "") -> None:
    """A number within `tol` of `expected` (a Python float or a one-element tensor)."""
    __tracebackhide__ = True
    try:
        value = float(actual.detach() if isinstance(actual, torch.Tensor) else actual)
    except (TypeError, ValueError, RuntimeError):
        value = math.nan
    check(
        math.isclose(value, expected, rel_tol=tol.rtol, abs_tol=tol.atol),
        call=call,
        actual=actual,
        expected=f"{expected!r} within rtol={tol.rtol}, atol={tol.atol}",
        situation=situation,
    )


def check_ran(
    records: list[Any], *, call: Call, counting: str, at_least: int = 1, expected: str = "one per batch (3 here)"
) -> None:
    """The loop called the recording object at all (else the checks of each call would pass on none)."""
    __tracebackhide__ = True
    check(len(records) >= at_least, call=observe(call, f"number of {counting}"), actual=len(records), expected=expected)


def check_forwards(model: RecordingModel, field: str, expected: bool, *, call: Call, situation: str) -> None:
    """`field` of every ForwardCall of the recording `model` (training, inner_training, grad_enabled) is `expected`."""
    __tracebackhide__ = True
    check_ran(model.calls, call=call, counting="forward calls")
    seen = [getattr(forward, field) for forward in model.calls]
    name = FORWARD_FIELDS[field]
    check_equal(seen, [expected] * len(seen), call=observe(call, f"{name} at each forward"), situation=situation)


FORWARD_FIELDS = {  # ForwardCall field -> what a learner would write to read it
    "training": "model.training",
    "inner_training": "model.linear.training (a submodule)",
    "grad_enabled": "torch.is_grad_enabled()",
}


def check_batch_sizes(model: RecordingModel, expected: list[int], *, call: Call) -> None:
    """The recording `model` was given batches of the `expected` sizes."""
    __tracebackhide__ = True
    check_equal(
        [forward.batch_size for forward in model.calls],
        expected,
        call=observe(call, "sizes of the batches given to the model"),
        situation="iterate over the dataloader given, as it batches",
    )


def check_batches_reach_model_device(model: nn.Module, run: Callable[[], object], *, call: Call) -> None:
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
    seen = [str(forward.device) for forward in model.calls]
    check(
        len(seen) > 0 and all(d == str(model_device) for d in seen),
        call=observe(call, "devices of the batches given to the model"),
        actual=seen,
        expected=f"all {model_device}, the model's device (X, y = X.to(device), y.to(device))",
        kind="device",
    )
    if error is not None:
        raise error


@pytest.fixture(autouse=True)
def model_on_the_modules_device(request: pytest.FixtureRequest, impl: Any) -> None:
    """A module with a module-level `device` (1.2) is checked with the model on that device only: the tests
    of other devices skip, saying so (skip_unless_loops_run_on). Autouse where a page imports it."""
    device = getattr(getattr(request.node, "callspec", None), "params", {}).get("device")
    if device is not None:
        skip_unless_loops_run_on(impl.module, device)
