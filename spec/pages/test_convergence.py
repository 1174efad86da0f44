"""Tutorial 1.8.4 Implementation (执行) and 1.2.3: the optimization loop trains the quickstart's network.

The learner's NeuralNetwork, train_loop and test_loop, put together by the tutorial's recipe
(reference.optimization.fit: SGD, CrossEntropyLoss, batches of 64 in file order), must learn.
Each part is checked on its own, so that a failure names its concept (issue 15: a model with a ReLU
after its last Linear made right loops fail here):
- quick tier, 2 epochs on a sixth of the synthetic set (reference.fashion_mnist.synthetic): the
  learner's train_loop and test_loop with the reference's model (concepts train_loop, test_loop;
  a file without NeuralNetwork is checked too), and the learner's NeuralNetwork with the reference's
  loops (concept NeuralNetwork, page 1.6);
- slow tier, all three of the learner's together: on the synthetic set, and 5 epochs of the
  tutorial's exact recipe on the real Fashion-MNIST reaching the tutorial's accuracy (skipped, with
  the reason, where the real files are absent).
The curves are the spec's own measurements: the mean batch loss through a recording loss, the test
accuracy and loss through the reference's test_loop after the learner's. So loops that return None,
as the tutorial's do, are measured all the same. Each run's per-epoch curve is printed in the
terminal summary ("training curves"), pass or fail.

The recipe is the tutorial's math with faster plumbing: the images are preloaded as the float
tensors ToTensor would make (test_tensor_dataset_equals_to_tensor_of_each_image), and the
DataLoader batches them in the same order and size. 5 epochs take ~20 s on one CPU thread instead
of the 140-210 s of the published DataLoader + ToTensor loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from torch.utils.data import TensorDataset
from torchvision.transforms import ToTensor

import reference
from reference.fashion_mnist import files as data_files
from reference.fashion_mnist import synthetic as synthetic_set
from reference.optimization import EPOCHS, EpochResult, fit, tensor_dataset
from spec.helpers.calls import Call
from spec.helpers.checks import check, check_tensor_equal, devices
from spec.helpers.recorders import RecordingLoss, skip_unless_loops_run_on

pytestmark = pytest.mark.optimization
# A run is named by the call of reference.optimization.fit that made it, with the learner's parts in it.
LEARNERS_LOOPS = "train=train_loop, test=test_loop"
REFERENCE_LOOPS = "train=reference.train_loop, test=reference.test_loop"

# Quick tier: the synthetic set, a larger step than the tutorial's so that a fraction of a second suffices.
# Measured (reference, 1,000 training images at lr 0.2, the first 500 test images, seeds 0-3, 1 thread,
# 0.38 s a run): 91-98 % test accuracy after epoch 1, 100 % after epoch 2, train loss ~1.56 then ~0.16
# (1,500 images at lr 0.1: 0.52 s; 3,000 images, as before two runs were needed: ~1 s).
# The corpus's wrong loops (no zero_grad, step before backward, zero_grad between backward and step)
# and the 2021 model (a ReLU after the last Linear) still fail here.
QUICK_TRAIN_SAMPLES = 1000  # of the 6,000 synthetic training images
QUICK_TEST_SAMPLES = 500  # of the 1,000 synthetic test images: the quick tier runs two trainings, and test_loop twice
QUICK_EPOCHS = 2  # 2 x 16 steps
QUICK_LR = 0.2  # the tutorial's 1e-3 needs minutes; 0.2 is still stable for this MLP (0.3 too)
QUICK_MIN_ACCURACY = 0.95

# Slow tier: test accuracy after epoch 5 of the tutorial's recipe on the real data, allowed band.
# Measured here (reference.optimization.fit, torch 2.14.1, CPU, 1 thread; torch.manual_seed(s)
# just before NeuralNetwork()), seeds 0-9, in %:
#   64.92 65.35 64.68 64.80 65.35 64.39 64.55 64.89 64.29 63.96   mean 64.72, sd 0.44
# The published tutorial code run here (DataLoader + ToTensor): 64.89 (seed 0), 65.21 (seed 1).
# On an H100 (torch 2.11.0+cu130, this test, seed 0): 64.92, the CPU's curve to within 2e-6 in loss.
# The tutorial's own table (torch 1.9): 57.46 61.82 64.05 64.88 65.77.
# The band is the mean -6 sd / +7 sd: it holds all of these, with room for other hardware (GPU
# kernels sum in another order) and for a learner's network that draws its initial weights in
# another order (a different seed, in effect). Wrong loops measured (seed 0) land outside it:
# without zero_grad, 80.27 % after epoch 1, then the summed gradients grow and it falls to 54.50 %
# (test loss rising 0.60 -> 2.46); with step() before backward() nothing moves: 8.62 % throughout.
ACCURACY_BAND = (0.62, 0.68)
SEEDED = "torch.manual_seed(0); model = NeuralNetwork()"  # the slow tier's model, as the test makes it


class CurveReport:
    """Plugin, registered on first use: prints every reported training curve in the terminal summary."""

    name = "pytorch-basics-spec-curves"

    def __init__(self) -> None:
        self.curves: list[tuple[str, list[EpochResult]]] = []

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.curves:
            return
        terminalreporter.section("training curves (tutorial 1.8)")
        for title, history in self.curves:
            terminalreporter.write_line(title)
            terminalreporter.write_line(f"  {'epoch':>5}  {'train loss':>10}  {'test loss':>9}  {'accuracy':>8}")
            for epoch, result in enumerate(history, start=1):
                terminalreporter.write_line(
                    f"  {epoch:>5}  {result.train_loss:>10.6f}  {result.avg_loss:>9.6f}  {100 * result.accuracy:>7.2f}%"
                )


@pytest.fixture
def report_curve(request: pytest.FixtureRequest) -> Callable[[str, list[EpochResult]], None]:
    """report_curve(title, history): show the curve in the terminal summary, whatever the outcome."""
    manager = request.config.pluginmanager
    plugin = manager.get_plugin(CurveReport.name)
    if plugin is None:
        plugin = CurveReport()
        manager.register(plugin, CurveReport.name)
    return lambda title, history: plugin.curves.append((f"{request.node.nodeid}: {title}", history))


def load(train: bool, *, synthetic: bool, device: str) -> TensorDataset:
    """Fashion-MNIST (or the synthetic set) as preloaded float tensors on `device`."""
    if not synthetic:
        try:
            root = data_files.find_root()
        except data_files.DataNotFoundError as exc:
            pytest.skip(f"real Fashion-MNIST absent: {exc}")
        if data_files.is_synthetic(root):
            pytest.skip(f"the data root {root} holds synthetic Fashion-MNIST, not the real data set")
    images, labels = synthetic_set.load_tensors(train) if synthetic else data_files.load_tensors(train)
    return tensor_dataset(images, labels, device=device)


def check_losses_decrease(history: list[EpochResult], *, call: Call) -> None:
    __tracebackhide__ = True
    for field in ("train_loss", "avg_loss"):
        losses = [round(getattr(result, field), 6) for result in history]
        check(
            all(later < earlier for earlier, later in zip(losses, losses[1:])),
            call=call.observing(f"{field} per epoch"),
            actual=losses,
            expected="decreasing epoch over epoch",
        )


@pytest.mark.parametrize("device", devices())
def test_tensor_dataset_equals_to_tensor_of_each_image(device: str) -> None:
    """The fast path's premise: the preloaded tensors are bit for bit what ToTensor makes of each image."""
    images = torch.randint(0, 256, (5, 28, 28), dtype=torch.uint8)
    images[0, 0, :3] = torch.tensor([0, 1, 255], dtype=torch.uint8)  # the ends of the range
    dataset = tensor_dataset(images, torch.arange(5), device=device)
    setup = "images = torch.randint(0, 256, (5, 28, 28), dtype=torch.uint8); labels = torch.arange(5)"
    for i in range(len(images)):
        expected = ToTensor()(np.asarray(images[i]))  # what the tutorial's transform gives: (1, 28, 28) float
        check_tensor_equal(
            dataset[i][0],
            expected.to(device),
            call=Call("to_tensor", f"tensor_dataset(images, labels)[{i}][0]", setup),
            situation=f"ToTensor()(np.asarray(images[{i}]))",
        )


def measured(train_loop: Callable[..., Any], test_loop: Callable[..., Any]) -> dict[str, Callable[..., Any]]:
    """`fit`'s train and test, running these loops and measuring what they return (they may return None).

    train: the mean batch loss through a RecordingLoss (a CrossEntropyLoss, as `fit` passes);
    test: runs test_loop (its effects on the model count), then the reference's test_loop measures.
    """

    def train(dataloader: Any, model: torch.nn.Module, loss_fn: Any, optimizer: Any) -> float:
        recording = RecordingLoss()
        train_loop(dataloader, model, recording, optimizer)
        return sum(recording.values) / max(len(recording.values), 1)

    def test(dataloader: Any, model: torch.nn.Module, loss_fn: Any) -> tuple[float, float]:
        if test_loop is not reference.test_loop:
            test_loop(dataloader, model, loss_fn)
        return reference.test_loop(dataloader, model, loss_fn)

    return {"train": train, "test": test}


def learn_synthetic(
    model: torch.nn.Module,
    loops: dict[str, Callable[..., Any]],
    *,
    call: Call,
    device: str,
    title: str,
    report_curve: Callable[[str, list[EpochResult]], None],
) -> None:
    """QUICK_EPOCHS at QUICK_LR on the first QUICK_TRAIN_SAMPLES synthetic images (`call` names the run).

    Then >= 95 % of QUICK_TEST_SAMPLES are right, and the losses go down.
    """
    __tracebackhide__ = True
    train, test = load(True, synthetic=True, device=device), load(False, synthetic=True, device=device)
    train = TensorDataset(*(t[:QUICK_TRAIN_SAMPLES] for t in train.tensors))
    test = TensorDataset(*(t[:QUICK_TEST_SAMPLES] for t in test.tensors))
    history = fit(model, train, test, epochs=QUICK_EPOCHS, lr=QUICK_LR, **loops)
    report_curve(
        f"{title}: synthetic set ({QUICK_TRAIN_SAMPLES} training images), {QUICK_EPOCHS} epochs, "
        f"SGD lr={QUICK_LR}, batch 64",
        history,
    )
    accuracy = history[-1].accuracy
    check(
        accuracy >= QUICK_MIN_ACCURACY,
        call=call.observing(f"test accuracy after epoch {QUICK_EPOCHS}"),
        actual=accuracy,
        expected=f">= {QUICK_MIN_ACCURACY}",
        situation=title,
    )
    check_losses_decrease(history, call=call)


def quick_call(concept: str, model: str, loops: str) -> Call:
    """The quick tier's run of `fit`, as it ran: `model` and `loops` say whose parts it used."""
    setup = (
        "import reference; from reference.optimization import fit, tensor_dataset; "
        "from reference.fashion_mnist import synthetic; "
        "train, test = (TensorDataset(*(t[:n] for t in tensor_dataset(*synthetic.load_tensors(split)).tensors)) "
        f"for split, n in ((True, {QUICK_TRAIN_SAMPLES}), (False, {QUICK_TEST_SAMPLES})))"
    )
    return Call(concept, f"fit({model}, train, test, epochs={QUICK_EPOCHS}, lr={QUICK_LR}, {loops})", setup)


@pytest.mark.parametrize("device", devices())
def test_loops_train_the_reference_model(impl, ref, device: str, report_curve) -> None:
    """The learner's train_loop and test_loop train the reference's NeuralNetwork: >= 95 % in 2 epochs."""
    skip_unless_loops_run_on(impl.module, device)
    learn_synthetic(
        ref.NeuralNetwork().to(device),
        measured(impl.train_loop, impl.test_loop),
        call=quick_call("test_loop", "reference.NeuralNetwork()", LEARNERS_LOOPS),
        device=device,
        title="your train_loop and test_loop, the reference's NeuralNetwork",
        report_curve=report_curve,
    )


@pytest.mark.parametrize("device", devices())
def test_neural_network_learns_with_the_reference_loops(impl, device: str, report_curve) -> None:
    """The learner's NeuralNetwork trained by the reference's loops: >= 95 % in 2 epochs (page 1.6's concept)."""
    learn_synthetic(
        impl.NeuralNetwork().to(device),
        measured(reference.train_loop, reference.test_loop),
        call=quick_call("NeuralNetwork", "NeuralNetwork()", REFERENCE_LOOPS),
        device=device,
        title="your NeuralNetwork, the reference's loops",
        report_curve=report_curve,
    )


@pytest.mark.slow
@pytest.mark.parametrize("device", devices())
def test_model_and_loops_learn_together(impl, device: str, report_curve) -> None:
    """The learner's NeuralNetwork, train_loop and test_loop together (both parts above pass: this rarely fails)."""
    skip_unless_loops_run_on(impl.module, device)
    learn_synthetic(
        impl.NeuralNetwork().to(device),
        measured(impl.train_loop, impl.test_loop),
        call=quick_call("test_loop", "NeuralNetwork()", LEARNERS_LOOPS),
        device=device,
        title="your NeuralNetwork, train_loop and test_loop",
        report_curve=report_curve,
    )


@pytest.mark.slow
@pytest.mark.parametrize("device", devices())
def test_tutorial_recipe_reaches_tutorial_accuracy(impl, device: str, report_curve) -> None:
    """5 epochs of the tutorial's recipe on the real Fashion-MNIST: the tutorial's 65.77 %, within a band.

    SGD lr 1e-3, batches of 64 in file order, CrossEntropyLoss, the learner's NeuralNetwork (seed 0),
    train_loop and test_loop. Band 62-68 %: see ACCURACY_BAND for the measurements behind it.
    """
    skip_unless_loops_run_on(impl.module, device)
    train, test = load(True, synthetic=False, device=device), load(False, synthetic=False, device=device)
    torch.manual_seed(0)  # SEEDED
    model = impl.NeuralNetwork().to(device)
    history = fit(model, train, test, **measured(impl.train_loop, impl.test_loop))
    report_curve(
        f"Fashion-MNIST, the tutorial's recipe on {device} (tutorial: 57.46 61.82 64.05 64.88 65.77 %)", history
    )
    c = Call("test_loop", f"fit(model, fashion_mnist_train, fashion_mnist_test, {LEARNERS_LOOPS})", setup=SEEDED)
    check(len(history) == EPOCHS, call=c.observing("epochs run"), actual=len(history), expected=str(EPOCHS))
    low, high = ACCURACY_BAND
    accuracy = history[-1].accuracy
    check(
        low <= accuracy <= high,
        call=c.observing(f"test accuracy after epoch {EPOCHS}"),
        actual=round(accuracy, 4),
        expected=f"in [{low}, {high}] (the tutorial: 0.6577; measured here over 10 seeds: 0.6396-0.6535)",
    )
    check_losses_decrease(history, call=c)
