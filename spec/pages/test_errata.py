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

from spec.helpers.calls import Call
from spec.helpers.checks import check, check_equal, check_raises, check_tensor_equal, devices, make_tensor

# Each call is of torch (or of the text's code) on the page whose text it quotes: its section is that page's.


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
    wrong = Call("quickstart", "torch.optim.SGD(model.parameters, lr=1e-3)", setup="model = NeuralNetwork()")
    exc = check_raises(TypeError, lambda: torch.optim.SGD(model.parameters, lr=1e-3), call=wrong)
    check(
        "method" in str(exc),
        call=wrong,
        actual=str(exc),
        expected="a TypeError saying that a method is not an iterable of parameters",
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    setup = "model = NeuralNetwork(); optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)"
    check_equal(
        [id(p) for p in optimizer.param_groups[0]["params"]],
        [id(p) for p in model.parameters()],
        call=Call("optimization", "[id(p) for p in optimizer.param_groups[0]['params']]", setup),
        situation="[id(p) for p in model.parameters()]",
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
    setup = f"X, y = torch.rand(5, 1, 28, 28), torch.tensor([9, 2, 1, 1, 6]); device = {device!r}"
    text = "X, y = X.to(tensor), y.to(tensor)"
    check_raises(NameError, lambda: exec(text, dict(namespace)), call=Call("quickstart", text, setup))
    check_raises(TypeError, lambda: X.to(torch.tensor), call=Call("quickstart", "X.to(torch.tensor)", setup))
    exec("X, y = X.to(device), y.to(device)", namespace)
    check_equal(
        (namespace["X"].device.type, namespace["y"].device.type),
        (device, device),
        call=Call("quickstart", "(X.device.type, y.device.type)", f"{setup}; X, y = X.to(device), y.to(device)"),
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
    setup = "pred = torch.randn(17, 10); y = torch.randint(0, 10, (17,)); y[:6] = pred.argmax(1)[:6]"
    text = "(pred.argmax(1) == y).type(toech.float).sum().item()"
    check_raises(NameError, lambda: eval(text, namespace), call=Call("quickstart", text, setup))
    text = "(pred.argmax(1) == y).type(torch.float).sum().item()"
    correct = eval(text, namespace)
    expected = sum(int(p) == int(t) for p, t in zip(pred.argmax(1).tolist(), y.tolist()))
    check_equal(correct, float(expected), call=Call("quickstart", text, setup), situation="the right predictions")
    check_raises(NameError, lambda: eval("torvh.autograd", {}), call=Call("autograd", "torvh.autograd"))
    check_equal(torch.autograd.__name__, "torch.autograd", call=Call("autograd", "torch.autograd.__name__"))


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
        call=Call(
            "quickstart",
            "[nn.CrossEntropyLoss()(NeuralNetwork()(X), y).item() for seed in range(8) if not torch.manual_seed(seed)]",
            setup="X, y = torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,))",
        ),
        actual=[round(loss, 3) for loss in losses],
        expected=f"within 0.25 of ln(10) = {chance:.3f}, far above the text's 1.156493",
        situation="the first batch's loss of 8 fresh models",
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
    setup = "model = NeuralNetwork(); test_data = [(torch.rand(1, 28, 28), 9)]; classes = FashionMNIST.classes"
    script = Call("quickstart", "pred = model(X)", f"{setup}; x, y = test_data[0][0], test_data[0][1]")
    check_raises(
        NameError, lambda: exec(snippet, dict(namespace)), call=script, situation="the text's, in a fresh script"
    )
    notebook = dict(namespace, X=_images(16, device))  # the test loop's last batch: 10000 = 156 * 64 + 16
    exec(snippet, notebook)
    with torch.no_grad():
        logits = model(test_data[0][0])
    in_notebook = script.also("X = torch.rand(16, 1, 28, 28)")  # the test loop's last batch
    check(
        not torch.allclose(notebook["pred"][0], logits[0]),
        call=in_notebook.then("; pred[0]"),
        actual=notebook["pred"][0],
        expected="another image's logits than model(x)[0]",
    )
    fixed = dict(namespace)
    exec(snippet.replace("model(X)", "model(x)"), fixed)
    right = script.named("pred = model(x)")
    check_equal(tuple(fixed["pred"].shape), (1, 10), call=right.then("; pred.shape"), situation="x: (1, 28, 28)")
    check_tensor_equal(fixed["pred"], logits, call=right.then("; pred"))
    check_equal(
        fixed["predicted"],
        datasets.FashionMNIST.classes[int(logits[0].argmax())],
        call=right.then("; predicted = classes[pred[0].argmax(0)]"),
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
        call=Call("quickstart", "[(i, a, b) for i, (a, b) in enumerate(zip(text, FashionMNIST.classes)) if a != b]"),
        situation="text: the text's class list",
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
    text = "[int(p) for batch in DataLoader(dataset, batch_size=1, num_workers=2) for p in batch]"
    loaded = Call("data", text)
    check(
        os.getpid() not in pids and len(set(pids)) == 2,
        call=loaded,
        actual=pids,
        expected=f"two worker processes, neither of them this process ({os.getpid()})",
        situation="each of the dataset's 4 items is the id of the process that loads it",
    )
    pids = [int(p) for batch in DataLoader(_Pids(), batch_size=1) for p in batch]
    check_equal(set(pids), {os.getpid()}, call=loaded.named("{int(p) for batch in DataLoader(dataset) for p in batch}"))
