"""Real-style learners' notebooks (issue 30): what a class hands in, written as learners write them.

Each notebook mixes Chinese or English markdown, `!pip`, `%matplotlib inline`, `download=True`, training at
the top level for 5-10 epochs on the full Fashion-MNIST, and one of the troubles real notebooks have: a cell
that does not parse (a stray U+FFFC pasted from a web page, an unfinished line), a cell that raises, cells
saved out of order, a download of another data set (CIFAR-10, urllib, requests). `NOTEBOOKS[name]` is its
cells; `EXPECTED[name]` the verdicts a check must give on the concepts it defines (every one right but where
named), and `BROKEN[name]` the cells a default check leaves out as broken. `python -m meta.notebooks.real_style
DIR` writes them as .ipynb files (the copies in meta/notebooks/real/ are written so).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

Cell = tuple[str, str]  # ("markdown" | "code", source)

PIP = ("code", "!pip install torch torchvision matplotlib\n%matplotlib inline")
IMPORTS = (
    "code",
    "import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader\nfrom torchvision import datasets\n"
    "from torchvision.transforms import ToTensor, Lambda\nimport matplotlib.pyplot as plt",
)
DATA = (
    "code",
    'training_data = datasets.FashionMNIST(\n    root="data",\n    train=True,\n    download=True,\n'
    '    transform=ToTensor(),\n)\n\ntest_data = datasets.FashionMNIST(\n    root="data",\n    train=False,\n'
    "    download=True,\n    transform=ToTensor(),\n)",
)
LABELS = (
    "code",
    'labels_map = {\n    0: "T-Shirt",\n    1: "Trouser",\n    2: "Pullover",\n    3: "Dress",\n    4: "Coat",\n'
    '    5: "Sandal",\n    6: "Shirt",\n    7: "Sneaker",\n    8: "Bag",\n    9: "Ankle Boot",\n}\n'
    "figure = plt.figure(figsize=(8, 8))\ncols, rows = 3, 3\nfor i in range(1, cols * rows + 1):\n"
    "    sample_idx = torch.randint(len(training_data), size=(1,)).item()\n"
    "    img, label = training_data[sample_idx]\n    figure.add_subplot(rows, cols, i)\n"
    '    plt.title(labels_map[label])\n    plt.axis("off")\n    plt.imshow(img.squeeze(), cmap="gray")\nplt.show()',
)
ONE_HOT = (
    "code",
    "def one_hot(y, num_classes=10):\n"
    "    return torch.zeros(num_classes, dtype=torch.float).scatter_(0, torch.tensor(y), value=1)\n\n"
    "target_transform = Lambda(one_hot)\none_hot(3)",
)
DEVICE = (
    "code",
    'device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"\n'
    'print(f"Using {device} device")',
)
MODEL = (
    "code",
    "class NeuralNetwork(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.flatten = nn.Flatten()\n        self.linear_relu_stack = nn.Sequential(\n"
    "            nn.Linear(28*28, 512),\n            nn.ReLU(),\n            nn.Linear(512, 512),\n"
    "            nn.ReLU(),\n            nn.Linear(512, 10),\n        )\n\n    def forward(self, x):\n"
    "        x = self.flatten(x)\n        logits = self.linear_relu_stack(x)\n        return logits",
)
MAKE_MODEL = ("code", "model = NeuralNetwork().to(device)\nprint(model)")
PREDICT = (
    "code",
    "def predict(model, x):\n    model.eval()\n    with torch.no_grad():\n        return model(x).argmax(1)",
)
HYPER = ("code", "learning_rate = 1e-3\nbatch_size = 64\nepochs = {epochs}")
LOOPS = (
    "code",
    "def train_loop(dataloader, model, loss_fn, optimizer):\n    size = len(dataloader.dataset)\n"
    "    model.train()\n    for batch, (X, y) in enumerate(dataloader):\n"
    "        pred = model(X)\n        loss = loss_fn(pred, y)\n\n        loss.backward()\n"
    "        optimizer.step()\n        optimizer.zero_grad()\n\n        if batch % 100 == 0:\n"
    "            loss, current = loss.item(), batch * batch_size + len(X)\n"
    '            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")\n\n\n'
    "def test_loop(dataloader, model, loss_fn):\n    model.eval()\n    size = len(dataloader.dataset)\n"
    "    num_batches = len(dataloader)\n    test_loss, correct = 0, 0\n\n    with torch.no_grad():\n"
    "        for X, y in dataloader:\n            pred = model(X)\n"
    "            test_loss += loss_fn(pred, y).item()\n"
    "            correct += (pred.argmax(1) == y).type(torch.float).sum().item()\n\n"
    "    test_loss /= num_batches\n    correct /= size\n"
    '    print(f"Test Error: \\n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \\n")',
)
TRAIN = (
    "code",
    "train_dataloader = DataLoader(training_data, batch_size=batch_size, shuffle=True)\n"
    "test_dataloader = DataLoader(test_data, batch_size=batch_size)\nloss_fn = nn.CrossEntropyLoss()\n"
    "optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)\n\nfor t in range(epochs):\n"
    '    print(f"Epoch {t+1}\\n-------------------------------")\n'
    "    train_loop(train_dataloader, model, loss_fn, optimizer)\n"
    "    test_loop(test_dataloader, model, loss_fn)\n"
    'print("Done!")',
)
SAVE = ("code", 'torch.save(model.state_dict(), "model_weights.pth")')


def md(text: str) -> Cell:
    return ("markdown", text)


def hyper(epochs: int) -> Cell:
    return ("code", HYPER[1].format(epochs=epochs))


def tutorial(*, zh: bool, epochs: int = 5) -> list[Cell]:
    """The quickstart as a learner copies it: data, model, loops, top-level training, save."""
    heads = (
        ["# PyTorch 基础练习", "## 1.4 数据集\n下载 Fashion-MNIST。", "## 1.6 搭建神经网络", "## 1.8 优化"]
        if zh
        else ["# Learn the Basics", "## 1.4 Datasets\nDownload Fashion-MNIST.", "## 1.6 Build the model", "## 1.8 Optimize"]
    )
    return [
        md(heads[0]),
        PIP,
        IMPORTS,
        md(heads[1]),
        DATA,
        LABELS,
        ONE_HOT,
        md(heads[2]),
        DEVICE,
        MODEL,
        MAKE_MODEL,
        PREDICT,
        md(heads[3]),
        hyper(epochs),
        LOOPS,
        TRAIN,
        SAVE,
    ]


ALL_RIGHT = ("labels_map", "one_hot", "NeuralNetwork", "predict", "train_loop", "test_loop")


def _replace(cells: list[Cell], old: Cell, new: Cell | list[Cell]) -> list[Cell]:
    index = cells.index(old)
    return [*cells[:index], *(new if isinstance(new, list) else [new]), *cells[index + 1 :]]


NOTEBOOKS: dict[str, list[Cell]] = {
    # 1. the clean tutorial, Chinese markdown, 5 epochs: the --run-all target.
    "zh_tutorial_5_epochs": tutorial(zh=True),
    # 2. the case: a save cell with a stray U+FFFC (pasted from a web page) that defines nothing.
    "en_stray_fffc": _replace(tutorial(zh=False), SAVE, ("code", 'torch.save(model.state_dict(), "model.pth")\ufffc')),
    # 3. an unfinished line in the middle: later cells still define the loops.
    "zh_syntax_error": _replace(
        tutorial(zh=True, epochs=6), PREDICT, [PREDICT, ("code", "# 看看预测\nprint(predict(model, test_data[0][0]")]
    ),
    # 4. saved out of order: the model cell comes after the cell that builds the model.
    "en_out_of_order": [
        c for c in tutorial(zh=False) if c != MODEL and c != MAKE_MODEL
    ][:9]
    + [MAKE_MODEL, MODEL]
    + [c for c in tutorial(zh=False) if c != MODEL and c != MAKE_MODEL][9:],
    # 5. CIFAR-10 "for comparison" and an image by urllib: downloads the check cannot serve.
    "en_cifar_download": _replace(
        tutorial(zh=False, epochs=5),
        LABELS,
        [
            LABELS,
            md("Let's also look at CIFAR-10 for comparison."),
            ("code", 'cifar = datasets.CIFAR10(root="data", train=True, download=True)\nprint(len(cifar))'),
            (
                "code",
                "import urllib.request\n"
                'urllib.request.urlretrieve("https://pytorch.org/assets/images/pytorch-logo.png", "logo.png")',
            ),
        ],
    ),
    # 6. a kept assignment that raises when loaded (a list of 9 names for 10 classes).
    "zh_raises_when_loaded": _replace(
        tutorial(zh=True),
        LABELS,
        (
            "code",
            'names = ["T-Shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag"]\n'
            "labels_map = {i: names[i] for i in range(10)}",
        ),
    ),
    # 7. requests for a file, %%time on 10 epochs.
    "en_requests_10_epochs": _replace(
        _replace(tutorial(zh=False, epochs=10), TRAIN, ("code", "%%time\n" + TRAIN[1])),
        DATA,
        [
            DATA,
            (
                "code",
                "import requests\n"
                'r = requests.get("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/README.md")\n'
                "print(r.text[:200])",
            ),
        ],
    ),
    # 8. a wrong one_hot (int64) and an autograd demo: the check must say fail for one_hot only.
    "zh_wrong_one_hot_autograd": _replace(
        tutorial(zh=True, epochs=5),
        ONE_HOT,
        [
            ("code", ONE_HOT[1].replace("dtype=torch.float)", "dtype=torch.long)")),
            md("## 1.7 自动微分"),
            (
                "code",
                "x = torch.ones(5)\ny = torch.zeros(3)\nw = torch.randn(5, 3, requires_grad=True)\n"
                "b = torch.randn(3, requires_grad=True)\nz = torch.matmul(x, w) + b\n"
                "loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)\nloss.backward()\nprint(w.grad)",
            ),
        ],
    ),
}

# The cells a default check leaves out as broken (1-based, markdown counted), with the reason's first word:
# SyntaxError when the file is read, the others when the definitions are loaded.
BROKEN: dict[str, dict[int, str]] = {
    "zh_tutorial_5_epochs": {},
    "en_stray_fffc": {17: "SyntaxError"},
    "zh_syntax_error": {13: "SyntaxError"},
    "en_out_of_order": {},  # `model = NeuralNetwork()` before the class is no definition: left out, not broken
    "en_cifar_download": {},  # the downloads are left out as non-definitions
    "zh_raises_when_loaded": {6: "IndexError"},
    "en_requests_10_epochs": {6: "ModuleNotFoundError"},  # where `requests` is not installed (this kit's venv)
    "zh_wrong_one_hot_autograd": {},
}

# The verdicts of a default check on the pages these notebooks write (data, transforms, model, optimization).
EXPECTED: dict[str, dict[str, str]] = {
    name: {concept: "pass" for concept in ALL_RIGHT} for name in NOTEBOOKS
}
EXPECTED["zh_raises_when_loaded"]["labels_map"] = "not_implemented"  # its cell is left out
EXPECTED["zh_wrong_one_hot_autograd"]["one_hot"] = "fail"


def to_json(cells: list[Cell]) -> dict[str, Any]:
    """An nbformat 4.5 notebook, sources as lists of lines, as Jupyter saves one."""

    def cell(index: int, kind: str, source: str) -> dict[str, Any]:
        extra = {"outputs": [], "execution_count": None} if kind == "code" else {}
        return {
            "cell_type": kind,
            "id": f"c{index:02d}",
            "metadata": {},
            "source": source.splitlines(keepends=True),
            **extra,
        }

    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "cells": [cell(i, kind, source) for i, (kind, source) in enumerate(cells)],
    }


def write_all(folder: Path) -> list[Path]:
    """Every notebook as `folder/<name>.ipynb`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, cells in NOTEBOOKS.items():
        path = folder / f"{name}.ipynb"
        path.write_text(json.dumps(to_json(cells), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "real")):
        print(written)
