"""A tutorial-style notebook, written as a learner writes one in Jupyter or Colab (for meta/test_notebook.py).

`!pip install`, `%matplotlib inline`, datasets with `download=True`, a plot, a training loop at top
level under `%%time`, an autograd demo with `loss.backward()`, `model?`, Chinese markdown. It defines
labels_map (1.4), one_hot (1.5), get_device, NeuralNetwork, predict (1.6), train_loop and test_loop
(1.8); train_loop reads the global `batch_size`, as the tutorial's does. `BUGS` are realistic
one-concept mistakes, each a (right text, wrong text) replacement in one cell.
"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

DEFINED = {"labels_map": "data", "one_hot": "transforms", "get_device": "model", "NeuralNetwork": "model",
           "predict": "model", "train_loop": "optimization", "test_loop": "optimization"}
PAGES = ("data", "transforms", "model", "optimization")

CELLS = [
    ("markdown", "# 学习 PyTorch 基础:数据、变换、神经网络与优化\n\n按照教程 1.4–1.8 一步一步写。"),
    ("code", "!pip install torch torchvision\n%matplotlib inline"),
    ("code", "import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader\n"
             "from torchvision import datasets\nfrom torchvision.transforms import ToTensor, Lambda\n"
             "import matplotlib.pyplot as plt"),
    ("markdown", "## 1.4 数据集\n\n下载 Fashion-MNIST(第一次运行需要联网)。"),
    ("code", 'training_data = datasets.FashionMNIST(\n    root="data",\n    train=True,\n    download=True,\n'
             '    transform=ToTensor(),\n)\n\ntest_data = datasets.FashionMNIST(\n    root="data",\n    train=False,\n'
             '    download=True,\n    transform=ToTensor(),\n)'),
    ("code", 'labels_map = {\n    0: "T-Shirt",\n    1: "Trouser",\n    2: "Pullover",\n    3: "Dress",\n'
             '    4: "Coat",\n    5: "Sandal",\n    6: "Shirt",\n    7: "Sneaker",\n    8: "Bag",\n    9: "Ankle Boot",\n}\n'
             'figure = plt.figure(figsize=(8, 8))\ncols, rows = 3, 3\nfor i in range(1, cols * rows + 1):\n'
             '    sample_idx = torch.randint(len(training_data), size=(1,)).item()\n'
             '    img, label = training_data[sample_idx]\n    figure.add_subplot(rows, cols, i)\n'
             '    plt.title(labels_map[label])\n    plt.axis("off")\n    plt.imshow(img.squeeze(), cmap="gray")\n'
             'plt.show()'),
    ("markdown", "## 1.5 变换\n\n`Lambda` 把整数标签变成独热编码张量。"),
    ("code", "def one_hot(y, num_classes=10):\n"
             "    # 先建一个全零向量,再在标签的位置写 1\n"
             "    return torch.zeros(num_classes, dtype=torch.float).scatter_(0, torch.tensor(y), value=1)\n\n"
             "target_transform = Lambda(one_hot)\none_hot(3)"),
    ("markdown", "## 1.6 搭建神经网络"),
    ("code", 'device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"\n'
             'print(f"Using {device} device")\n\n\ndef get_device():\n    return device'),
    ("code", "class NeuralNetwork(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
             "        self.flatten = nn.Flatten()\n        self.linear_relu_stack = nn.Sequential(\n"
             "            nn.Linear(28*28, 512),\n            nn.ReLU(),\n            nn.Linear(512, 512),\n"
             "            nn.ReLU(),\n            nn.Linear(512, 10),\n        )\n\n    def forward(self, x):\n"
             "        x = self.flatten(x)\n        logits = self.linear_relu_stack(x)\n        return logits\n\n\n"
             "model = NeuralNetwork().to(device)\nprint(model)\nmodel?"),
    ("code", "def predict(model, x):\n    model.eval()\n    with torch.no_grad():\n        return model(x).argmax(1)"),
    ("markdown", "## 1.8 优化模型参数\n\n超参数:学习率、批大小、轮数(教程用 10 轮,这里 1 轮就够了)。"),
    ("code", "learning_rate = 1e-3\nbatch_size = 64\nepochs = 1"),
    ("code", "def train_loop(dataloader, model, loss_fn, optimizer):\n    size = len(dataloader.dataset)\n"
             "    model.train()\n    losses = []\n    for batch, (X, y) in enumerate(dataloader):\n"
             "        pred = model(X)\n        loss = loss_fn(pred, y)\n\n        # 反向传播\n"
             "        loss.backward()\n        optimizer.step()\n        optimizer.zero_grad()\n\n"
             "        losses.append(loss.item())\n        if batch % 100 == 0:\n"
             "            loss, current = loss.item(), batch * batch_size + len(X)\n"
             '            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")\n'
             "    return sum(losses) / len(losses)\n\n\n"
             "def test_loop(dataloader, model, loss_fn):\n    model.eval()\n    size = len(dataloader.dataset)\n"
             "    num_batches = len(dataloader)\n    test_loss, correct = 0, 0\n\n    with torch.no_grad():\n"
             "        for X, y in dataloader:\n            pred = model(X)\n"
             "            test_loss += loss_fn(pred, y).item()\n"
             "            correct += (pred.argmax(1) == y).type(torch.float).sum().item()\n\n"
             "    test_loss /= num_batches\n    correct /= size\n"
             '    print(f"Test Error: \\n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \\n")\n'
             "    return correct, test_loss"),
    ("code", "%%time\n# 先用前 6400 张图片快速试一下\n"
             "train_dataloader = DataLoader(torch.utils.data.Subset(training_data, range(6400)), batch_size=batch_size)\n"
             "test_dataloader = DataLoader(test_data, batch_size=batch_size)\nloss_fn = nn.CrossEntropyLoss()\n"
             "optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)\n\nfor t in range(epochs):\n"
             '    print(f"Epoch {t+1}\\n-------------------------------")\n'
             "    train_loop(train_dataloader, model, loss_fn, optimizer)\n"
             "    test_loop(test_dataloader, model, loss_fn)\n"
             'print("Done!")'),
    ("markdown", "## 1.7 自动微分\n\n`loss.backward()` 之后,`w.grad` 就是梯度。"),
    ("code", "x = torch.ones(5)\ny = torch.zeros(3)\nw = torch.randn(5, 3, requires_grad=True)\n"
             "b = torch.randn(3, requires_grad=True)\nz = torch.matmul(x, w) + b\n"
             "loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)\nloss.backward()\n"
             "print(w.grad)\nprint(b.grad)"),
    ("code", 'torch.save(model.state_dict(), "model_weights.pth")'),
]

# concept -> (cell index in CELLS, right text, wrong text): one realistic mistake each.
BUGS = {
    # one_hot built on an int64 zeros tensor: the tutorial's Lambda makes float32.
    "one_hot": (7, "dtype=torch.float)", "dtype=torch.long)"),
    # predict forgets model.eval(): dropout or batch norm would stay in training behaviour.
    "predict": (11, "    model.eval()\n", ""),
}


def learner_notebook(bug: str | None = None) -> nbformat.NotebookNode:
    """The notebook; with `bug`, the same notebook with BUGS[bug] written into its cell."""
    cells = [list(cell) for cell in CELLS]
    if bug is not None:
        index, right, wrong = BUGS[bug]
        assert right in cells[index][1], (bug, right)
        cells[index][1] = cells[index][1].replace(right, wrong)
    make = {"markdown": new_markdown_cell, "code": new_code_cell}
    nb = new_notebook(cells=[make[kind](source) for kind, source in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb
