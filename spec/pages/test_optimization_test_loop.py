"""Tutorial 1.8.4 Full Implementation (执行): test_loop, as 1.8.3 Optimization Loop (优化Loop) defines it.

On small random data with recording models and loss (spec/pages/optimization_setup.py): eval mode and no
gradient tracking at every forward, the caller's grad mode and requires_grad left as they were, every sample
counted, and (accuracy, avg_loss) as the reference computes them: correct over the dataset's size, the mean
batch loss. Or None after printing the tutorial's `Accuracy: 65.8%, Avg loss: 1.074610` (issue 15): then the
printout is read to its printed precision (read_test_loop), with advice, once. Situations (issue 18): the
LOADERS (drop_last: avg_loss only); 100 of 150 right spread over the batches, all right; models in train mode
before, with a frozen layer, of another input shape and classes; grad mode on and off; a second call.
"""

from __future__ import annotations

import copy
import itertools
import statistics
from typing import Any

import pytest
import torch
from torch import nn

from spec.helpers.calls import Call, Tol
from spec.helpers.checks import check, check_equal, check_tensor_equal, devices, make_tensor
from spec.helpers.random_stream import check_does_not_reseed
from spec.helpers.recorders import (
    RecordingLoss,
    TestLoopReport,
    make_dropout_model,
    make_other_classifier,
    make_recording_model,
    read_test_loop,
)
from spec.pages.optimization_setup import (
    EXPECTED_BATCHES,
    GPU_ONLY,
    LOADERS,
    OTHER_BATCH_SIZE,
    OTHER_MODEL,
    REFERENCE_MODEL,
    Data,
    N,
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

# 100 of the 150 predictions right, spread so that every shortcut gives another number: batch by
# batch 64/64, 26/64 and 10/22 (a mean of batch accuracies: 0.620; without the last batch: 90/150).
HUNDRED_RIGHT = torch.tensor([True] * 90 + [False] * 38 + [True] * 10 + [False] * 12)


def make_labelled_data(model: nn.Module, *, right: torch.Tensor) -> Data:
    """N images labelled so that `model` predicts exactly those where `right` (N,) is True correctly."""
    X = make_tensor((N, 1, 28, 28), low=0, high=1)
    with torch.no_grad():
        predicted = model(X.to(next(model.parameters()).device)).argmax(1).cpu()
    runs = [(bool(v), len(list(group))) for v, group in itertools.groupby(right.tolist())]
    setup = (
        f"X = torch.rand({N}, 1, 28, 28); right = torch.tensor({' + '.join(f'[{v}] * {n}' for v, n in runs)}); "
        "p = model(X).argmax(1); data = TensorDataset(X, torch.where(right, p, (p + 1) % 10))"
    )
    return Data(X, torch.where(right, predicted, (predicted + 1) % 10), setup=setup)


def call_test_loop(impl: Any, model: nn.Module, data: Data, **loader: Any) -> Call:
    """`impl.test_loop` over make_loader(data, **loader) with a CrossEntropyLoss; its Call."""
    impl.test_loop(make_loader(data, **loader), model, nn.CrossEntropyLoss())
    return loop_call("test_loop", data, **loader)


def read(
    impl: Any, model: nn.Module, data: Data, request: Any, *, loss_fn: Any = None, model_code: str = "", **loader: Any
) -> Any:
    """`impl.test_loop` over make_loader(data, **loader): (what it reported, returned or printed; its Call)."""
    call = loop_call("test_loop", data, model=model_code, **loader)
    loss_fn = loss_fn if loss_fn is not None else nn.CrossEntropyLoss()

    def run() -> Any:
        return impl.test_loop(make_loader(data, **loader), model, loss_fn)

    return read_test_loop(run, call=call, request=request), call


def reference(ref: Any, model: nn.Module, data: Data, **loader: Any) -> tuple[float, float]:
    """The reference test_loop's (accuracy, avg_loss) on a copy of `model`."""
    return ref.test_loop(make_loader(data, **loader), copy.deepcopy(model), nn.CrossEntropyLoss())


def check_report(report: TestLoopReport, expected: tuple[Any, Any], *, call: Call, situation: str) -> None:
    """test_loop's (accuracy, avg_loss) as `expected` (None: unchecked), to the precision it reported them."""
    __tracebackhide__ = True
    tols = Tol(rtol=1e-6, atol=report.accuracy_atol), Tol(rtol=1e-5, atol=max(1e-6, report.loss_atol))
    for index, (value, tol) in enumerate(zip(expected, tols)):
        if value is not None:
            item = observe(call, PRINTED[index]) if report.printed else call.at(index)
            check_close(report[index], value, call=item, tol=tol, situation=situation)


PRINTED = ("printed Accuracy / 100", "printed Avg loss")  # what read_test_loop read where test_loop returned None


@pytest.mark.parametrize("device", devices())
def test_test_loop_accuracy_is_correct_over_dataset_size(impl, request, device: str) -> None:
    """100 of 150 predictions right (64/64, 26/64 and 10/22 per batch): accuracy 100/150, not a batch average."""
    model = make_recording_model(device=device)
    report, c = read(impl, model, make_labelled_data(model, right=HUNDRED_RIGHT), request)
    check_report(report, (100 / N, None), call=c, situation="correct over all batches / len(dataloader.dataset)")


@pytest.mark.parametrize("device", devices())
def test_test_loop_accuracy_is_a_fraction_not_a_percent(impl, request, device: str) -> None:
    """All 150 right: accuracy 1.0 (the tutorial prints 100 * accuracy; test_loop returns the fraction)."""
    model = make_recording_model(device=device)
    report, c = read(impl, model, make_labelled_data(model, right=torch.ones(N, dtype=torch.bool)), request)
    check_report(report, (1.0, None), call=c, situation="a fraction in [0, 1]")


@pytest.mark.parametrize("device", devices())
def test_test_loop_avg_loss_is_mean_over_batches(impl, request, device: str) -> None:
    """avg_loss = sum of the batch losses / number of batches (the last, partial batch weighs as much).

    Batches of 47 here (47, 47, 47, 9): the number of batches is len(dataloader), not a count from the tutorial's 64.
    """
    model, loss_fn = make_recording_model(device=device), RecordingLoss()
    data = make_labelled_data(model, right=HUNDRED_RIGHT)  # batch losses far apart
    report, c = read(impl, model, data, request, loss_fn=loss_fn, batch_size=OTHER_BATCH_SIZE)
    check_ran(loss_fn.values, call=c, counting="loss_fn calls", expected="one per batch (4 here)")
    situation = f"the mean of the batch losses {[round(v, 6) for v in loss_fn.values]}: test_loss /= num_batches"
    check_report(report, (None, statistics.mean(loss_fn.values)), call=c, situation=situation)


@pytest.mark.parametrize("batch_size", list(EXPECTED_BATCHES), ids=lambda b: f"batch{b}")
@pytest.mark.parametrize("device", devices())
def test_test_loop_sees_every_sample(impl, batch_size: int, device: str) -> None:
    model = make_recording_model(device=device)
    c = call_test_loop(impl, model, make_data(), batch_size=batch_size)
    check_batch_sizes(model, EXPECTED_BATCHES[batch_size], call=c)


@pytest.mark.parametrize("device", devices())
def test_test_loop_returns_two_python_floats(impl, request, device: str) -> None:
    """(accuracy, avg_loss) as Python floats: .item() on each batch's count and loss, not tensors summed
    (a tensor result keeps the device's memory alive and is no number for the caller's f-strings and JSON).
    Or None, after printing them as the tutorial does (then the printout is what the other tests read)."""
    report, c = read(impl, make_recording_model(device=device), make_data(), request)
    for index, value in enumerate(report[:2]):
        expected = "a float (correct += (...).sum().item(); test_loss += loss.item())"
        check(isinstance(value, float), call=c.at(index), actual=value, expected=expected, kind="type")


@pytest.mark.parametrize("device", devices())
def test_test_loop_runs_model_in_eval_mode(impl, device: str) -> None:
    """The model arrives in train mode (as train_loop leaves it); every test forward is in eval mode."""
    model = make_recording_model(device=device).train()
    c = call_test_loop(impl, model, make_data()).also("model.train()")
    check_forwards(model, "training", False, call=c, situation="call model.eval()")
    situation = "model.eval() sets every submodule, `model.training = False` the model alone"
    check_forwards(model, "inner_training", False, call=c, situation=situation)


@pytest.mark.parametrize("device", devices())
def test_test_loop_runs_forward_without_grad_tracking(impl, device: str) -> None:
    model = make_recording_model(device=device)
    c = call_test_loop(impl, model, make_data())
    check_forwards(model, "grad_enabled", False, call=c, situation="with torch.no_grad(): around the loop")


@pytest.mark.parametrize("grad_enabled", [True, False], ids=["grad_enabled", "grad_disabled"])
@pytest.mark.parametrize("device", devices())
def test_test_loop_restores_grad_mode(impl, grad_enabled: bool, device: str) -> None:
    """Whatever grad mode the caller had, it has it again afterwards (a with-block restores it)."""
    with torch.set_grad_enabled(grad_enabled):
        c = call_test_loop(impl, make_recording_model(device=device), make_data())
        after = torch.is_grad_enabled()
    c = observe(c.also(f"torch.set_grad_enabled({grad_enabled})"), "torch.is_grad_enabled()")
    situation = "use `with torch.no_grad():`, not torch.set_grad_enabled(False)"
    check_equal(after, grad_enabled, call=c, kind="state", situation=situation)


@pytest.mark.parametrize("loader", list(LOADERS))
@pytest.mark.parametrize("device", devices())
def test_test_loop_sees_every_sample_of_any_loader(impl, ref, request, loader: str, device: str) -> None:
    """Every batch as the loader gives it, and the reference's (accuracy, avg_loss) on it: a multiple, a last
    batch of one, drop_last (avg_loss only: which samples count towards the accuracy is the loader's choice),
    102 batches."""
    n, batch_size, drop_last, expected = LOADERS[loader]
    data, model = make_data(n=n), make_recording_model(device=device)
    accuracy, avg_loss = reference(ref, model, data, batch_size=batch_size, drop_last=drop_last)
    report, c = read(impl, model, data, request, batch_size=batch_size, drop_last=drop_last)
    check_batch_sizes(model, expected, call=c)
    situation = "the reference's: correct / len(dataset), test_loss / len(dataloader)"
    check_report(report, (None if drop_last else accuracy, avg_loss), call=c, situation=situation)


@pytest.mark.parametrize("device", devices())
def test_test_loop_second_call_matches_reference(impl, ref, request, device: str) -> None:
    """Called twice, on 150 then 129 samples: the second result is the second loader's alone (no total, no
    size kept from the first call)."""
    model = make_recording_model(device=device)
    before = ""  # the calls made before this one, for the reproduce line
    for n in (N, 129):
        data = make_data(n=n)
        expected = reference(ref, model, data)
        report, c = read(impl, model, data, request)
        c = Call(c.concept, c.text, setup=f"{before}{c.setup}")
        check_report(report, expected, call=c, situation=f"on {n} samples: nothing kept between calls")
        before = f"{c.reproduce}; "


@pytest.mark.parametrize("device", devices())
def test_test_loop_leaves_requires_grad_as_it_was(impl, device: str) -> None:
    """torch.no_grad() is how evaluation skips tracking; requires_grad is the caller's (a frozen first layer
    stays frozen, the rest stays trainable for the next train_loop)."""
    model = make_dropout_model(device=device)
    model[1].requires_grad_(False)
    before = {name: param.requires_grad for name, param in model.named_parameters()}
    c = call_test_loop(impl, model, make_data()).also("model[1].requires_grad_(False)")
    check_equal(
        {name: param.requires_grad for name, param in model.named_parameters()},
        before,
        call=observe(c, "{n: p.requires_grad for n, p in model.named_parameters()}"),
        situation="with torch.no_grad(), not model.requires_grad_(False)",
    )


@pytest.mark.parametrize("device", devices())
def test_test_loop_leaves_parameters_and_gradients_untouched(impl, device: str) -> None:
    """Evaluation changes nothing: same weights, and no .grad appears (no backward, no optimizer)."""
    model = make_recording_model(device=device)
    before = {name: param.detach().clone() for name, param in model.named_parameters()}
    c = call_test_loop(impl, model, make_data())
    for name, param in model.named_parameters():
        check_tensor_equal(param, before[name], call=observe(c, parameter(name)), situation="as before test_loop")
        expected = "None (test_loop computes no gradients)"
        check(param.grad is None, call=observe(c, f"{parameter(name)}.grad"), actual=param.grad, expected=expected)


@pytest.mark.parametrize("device", devices())
def test_test_loop_matches_reference(impl, ref, request, device: str) -> None:
    data, model = make_data(), ref.NeuralNetwork().to(device)
    expected = reference(ref, model, data)
    report, c = read(impl, model, data, request, model_code=REFERENCE_MODEL)
    check_report(report, expected, call=c, situation="the reference's")


@pytest.mark.parametrize("device", devices())
def test_test_loop_accepts_any_input_shape_and_number_of_classes(impl, ref, request, device: str) -> None:
    """(N, 3, 5, 7) inputs and 7 classes: argmax over dim 1 and len(dataset) work for any task (no 28x28, no 10)."""
    data, model = make_other_data(), make_other_classifier(device=device)
    expected = reference(ref, model, data)
    report, c = read(impl, model, data, request, model_code=OTHER_MODEL)
    check_report(report, expected, call=c, situation="the reference's, on (3, 5, 7) inputs with 7 classes")


@pytest.mark.parametrize("device", GPU_ONLY)
def test_test_loop_moves_batches_to_model_device(impl, device: str) -> None:
    data, model = make_data(), make_recording_model(device=device)
    c = loop_call("test_loop", data).also("model.cuda()")
    check_batches_reach_model_device(model, lambda: call_test_loop(impl, model, data), call=c)


def test_test_loop_does_not_reseed_the_random_stream(impl, capsys: pytest.CaptureFixture) -> None:
    """Evaluating never reseeds torch's stream: a torch.manual_seed inside test_loop makes the next training epoch
    (its dropout masks, a shuffling loader's order) the same after every evaluation."""
    data = make_data(n=20)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    code = "model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10)); loss_fn = nn.CrossEntropyLoss()"
    run = lambda: impl.test_loop(make_loader(data), model, nn.CrossEntropyLoss())  # noqa: E731
    check_does_not_reseed(run, call=loop_call("test_loop", data, model=code))
