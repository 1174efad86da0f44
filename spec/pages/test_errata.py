"""Errata of the Chinese translation (tutorial-zh.txt, torch 1.9): its code and claims that are wrong.

Each test quotes the text, says the truth and pins it, marked with the tutorial page it belongs to.
ERRATA.md lists every erratum, including those pinned on their own pages (test_*_facts.py).
Nothing here runs the learner's code: these are facts about torch and the tutorial.
"""

from __future__ import annotations

import math
import os
import warnings

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset
from torchvision import datasets

from spec.helpers.checks import check, check_equal, check_raises, check_tensor_equal, devices, make_tensor

QUICKSTART_OPT = "tutorial 1.2 Quickstart, 1.2.3 Optimizing the Model Parameters"
QUICKSTART_PREDICT = "tutorial 1.2 Quickstart, 1.2.5 Loading Models (making predictions)"
OPTIMIZER = "tutorial 1.8 Optimizing Model Parameters, Optimizer"
DATALOADER = "tutorial 1.4 Datasets & DataLoaders, 1.4.4 Preparing your data for training with DataLoaders"


def _images(n: int, device: str) -> torch.Tensor:
    """n ToTensor-like images (n, 1, 28, 28) in [0, 1)."""
    return make_tensor((n, 1, 28, 28), device=device, low=0, high=1)


# ---------------------------------------------------------------------------------------------
# 1.2.3 and 1.8: the optimizer and the loops


@pytest.mark.optimization
@pytest.mark.parametrize("device", devices())
def test_erratum_sgd_takes_model_parameters_called(ref, device: str) -> None:
    """The text: "optimizer = torch.optim.SGD(model.parameters,lr = 1e-3)" (1.2.3).

    model.parameters is the method itself; SGD needs what calling it gives, an iterator over the
    parameters: torch.optim.SGD(model.parameters(), lr=1e-3). Without the call SGD raises TypeError.
    """
    model = ref.NeuralNetwork().to(device)
    code = "torch.optim.SGD(model.parameters, lr=1e-3)"
    exc = check_raises(
        TypeError, lambda: torch.optim.SGD(model.parameters, lr=1e-3), what=code, where=QUICKSTART_OPT, repro=code
    )
    check(
        "method" in str(exc),
        what=f"the TypeError of {code}",
        actual=str(exc),
        expected="to say that a method is not an iterable of parameters",
        where=QUICKSTART_OPT,
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    check_equal(
        [id(p) for p in optimizer.param_groups[0]["params"]],
        [id(p) for p in model.parameters()],
        what="the parameters of torch.optim.SGD(model.parameters(), lr=1e-3)",
        where=OPTIMIZER,
    )


@pytest.mark.quickstart
@pytest.mark.parametrize("device", devices())
def test_erratum_test_loop_moves_batches_to_device_not_tensor(device: str) -> None:
    """The text's test(): "X,y = X.to(tensor), y.to(tensor)" (1.2.3).

    The quickstart defines no `tensor`, so the line raises NameError; and torch.tensor (a function)
    is no target either. train() two paragraphs up has it right: X.to(device), y.to(device).
    """
    X, y = _images(5, "cpu"), torch.tensor([9, 2, 1, 1, 6])
    namespace = {"torch": torch, "X": X, "y": y, "device": device}
    check_raises(
        NameError,
        lambda: exec("X, y = X.to(tensor), y.to(tensor)", dict(namespace)),
        what="X, y = X.to(tensor), y.to(tensor)",
        where=QUICKSTART_OPT,
    )
    check_raises(TypeError, lambda: X.to(torch.tensor), what="X.to(torch.tensor)", where=QUICKSTART_OPT)
    exec("X, y = X.to(device), y.to(device)", namespace)
    check_equal(
        (namespace["X"].device.type, namespace["y"].device.type),
        (device, device),
        what="(X.device.type, y.device.type) after X.to(device), y.to(device)",
        where=QUICKSTART_OPT,
    )


@pytest.mark.quickstart
@pytest.mark.parametrize("device", devices())
def test_erratum_accuracy_counts_with_torch_float_not_toech(device: str) -> None:
    """The text: "correct += (pred.argmax(1) == y).type(toech.float).sum().item()" (1.2.3).

    `toech` is a misspelling of torch (NameError); with torch.float the line counts the correct
    predictions of the batch. (The 1.7 heading's "torvh.autograd" is the same slip: torch.autograd.)
    """
    pred = make_tensor((17, 10), device=device)
    y = torch.randint(0, 10, (17,), device=device)
    y[:6] = pred.argmax(1)[:6]  # some right, most wrong
    namespace = {"torch": torch, "pred": pred, "y": y}
    check_raises(
        NameError,
        lambda: eval("(pred.argmax(1) == y).type(toech.float).sum().item()", namespace),
        what="(pred.argmax(1) == y).type(toech.float)",
        where=QUICKSTART_OPT,
    )
    correct = eval("(pred.argmax(1) == y).type(torch.float).sum().item()", namespace)
    expected = sum(int(p) == int(t) for p, t in zip(pred.argmax(1).tolist(), y.tolist()))
    check_equal(
        correct, float(expected), what="(pred.argmax(1) == y).type(torch.float).sum().item()", where=QUICKSTART_OPT
    )
    check_raises(NameError, lambda: eval("torvh.autograd", {}), what="torvh.autograd", where="tutorial 1.7 heading")
    check_equal(torch.autograd.__name__, "torch.autograd", what="torch.autograd.__name__", where="tutorial 1.7 heading")


@pytest.mark.quickstart
def test_erratum_first_epoch_of_a_fresh_model_starts_near_chance_loss(ref) -> None:
    """The quickstart's output: "Epoch 1 ... loss: 1.156493 [ 0 / 60000]", accuracy 65.7% after one epoch.

    The loss printed at batch 0 is computed before the first optimizer step, by the freshly
    initialized model: its logits are nearly equal, so its cross-entropy is about ln(10) = 2.303
    (chance level over 10 classes), as on page 1.8 ("loss: 2.168861 [ 0/60000]"). A first loss of
    1.16 is more than a nat below chance: only a model trained before (an earlier run of the notebook
    cell) can print it. The truth: a first epoch starts near 2.3.
    """
    X = _images(64, "cpu")
    y = torch.randint(0, 10, (64,))
    losses = []
    for seed in range(8):
        torch.manual_seed(seed)  # the guard restores the RNG after the test
        model = ref.NeuralNetwork()
        with torch.no_grad():
            losses.append(nn.CrossEntropyLoss()(model(X), y).item())
    chance = math.log(10)
    check(
        all(abs(loss - chance) < 0.25 for loss in losses),
        what="first-batch losses of 8 fresh models",
        actual=[round(loss, 3) for loss in losses],
        expected=f"within 0.25 of ln(10) = {chance:.3f}, far above the text's 1.156493",
        where=QUICKSTART_OPT,
    )


@pytest.mark.quickstart
@pytest.mark.parametrize("device", devices())
def test_erratum_prediction_uses_the_sample_x_not_the_last_batch_X(ref, device: str) -> None:
    """The text predicts the first test image with "x,y = test_data[0][0],test_data[0][1]" and then
    "pred = model(X)" (1.2.5): capital X.

    In a fresh script X is undefined (NameError); in the notebook X is still the last batch of the
    test loop, so pred[0] is the prediction for another image. The truth: pred = model(x), where x
    (1, 28, 28) is read by nn.Flatten as a batch of one, giving pred of shape (1, 10).
    """
    snippet = (
        "model.eval()\n"
        "x, y = test_data[0][0], test_data[0][1]\n"
        "with torch.no_grad():\n"
        "    pred = model(X)\n"
        "    predicted, actual = classes[pred[0].argmax(0)], classes[y]\n"
    )
    model = ref.NeuralNetwork().to(device)
    test_data = [(make_tensor((1, 28, 28), device=device, low=0, high=1), 9)]
    namespace = {"torch": torch, "model": model, "test_data": test_data, "classes": datasets.FashionMNIST.classes}
    check_raises(
        NameError,
        lambda: exec(snippet, dict(namespace)),
        what="pred = model(X) in a fresh script",
        where=QUICKSTART_PREDICT,
    )
    notebook = dict(namespace, X=_images(16, device))  # the test loop's last batch: 10000 = 156 * 64 + 16
    exec(snippet, notebook)
    with torch.no_grad():
        logits = model(test_data[0][0])
    check(
        not torch.allclose(notebook["pred"][0], logits[0]),
        what="pred[0] of pred = model(X)",
        actual=notebook["pred"][0],
        expected="another image's logits than model(x)[0]",
        where=QUICKSTART_PREDICT,
    )
    fixed = dict(namespace)
    exec(snippet.replace("model(X)", "model(x)"), fixed)
    check_equal(
        tuple(fixed["pred"].shape), (1, 10), what="model(x).shape for x of shape (1, 28, 28)", where=QUICKSTART_PREDICT
    )
    check_tensor_equal(fixed["pred"], logits, what="pred = model(x)", where=QUICKSTART_PREDICT)
    check_equal(
        fixed["predicted"],
        datasets.FashionMNIST.classes[int(logits[0].argmax())],
        what="predicted",
        where=QUICKSTART_PREDICT,
    )


@pytest.mark.quickstart
def test_erratum_fashion_mnist_class_8_is_bag() -> None:
    """The text's class list: classes = ["T-shirt/top", ..., "Sneaker", "Bags", "Ankle boot"] (1.2.5).

    Class 8 of Fashion-MNIST is "Bag" (torchvision's FashionMNIST.classes, and the tutorial's own
    labels_map in 1.4); the other nine names are right.
    """
    text = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bags", "Ankle boot"]
    differences = [
        (i, ours, theirs) for i, (ours, theirs) in enumerate(zip(text, datasets.FashionMNIST.classes)) if ours != theirs
    ]
    check_equal(
        differences,
        [(8, "Bags", "Bag")],
        what="(index, text, torchvision) where the class names differ",
        where=QUICKSTART_PREDICT,
    )


# ---------------------------------------------------------------------------------------------
# 1.4.4: DataLoader's num_workers


class _Pids(Dataset):
    """Each item is the id of the process that loaded it."""

    def __len__(self) -> int:
        return 4

    def __getitem__(self, idx: int) -> int:
        return os.getpid()


@pytest.mark.data
def test_erratum_dataloader_workers_are_processes_not_threads() -> None:
    """The text: "num_workers (int, optional) :线程数,默认为0" ("the number of threads").

    DataLoader's workers are processes (Python's multiprocessing, as the text says one paragraph
    up): each item below is loaded in a process other than this one. 0, the default, loads in the
    main process.
    """
    with warnings.catch_warnings():  # Python 3.12+ warns about fork() in a process with threads
        warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
        pids = [int(p) for batch in DataLoader(_Pids(), batch_size=1, num_workers=2) for p in batch]
    check(
        os.getpid() not in pids and len(set(pids)) == 2,
        what="process ids that loaded the 4 items",
        actual=pids,
        expected=f"two worker processes, neither of them this process ({os.getpid()})",
        where=DATALOADER,
        repro="DataLoader(dataset, num_workers=2)",
    )
    pids = [int(p) for batch in DataLoader(_Pids(), batch_size=1) for p in batch]
    check_equal(set(pids), {os.getpid()}, what="process ids with the default num_workers=0", where=DATALOADER)
