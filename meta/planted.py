"""A class with planted mistakes, for the misconception analysis (spec/teacher/gradebook/misconceptions.py).

Not planted: a train_loop that returns None, as the tutorial's own train_loop does (the spec accepts it).

Each submission is a complete right file (meta/runner.py: complete_submission) with one concept redefined at its
end (a later top-level def wins, and the analysis' example is read from that last def). Each mistake comes in two
or three styles, as different learners would write it; `truth` says which mistake each student planted.

    python -m meta.planted OUT_FOLDER [--scale N]   # writes OUT_FOLDER/class and OUT_FOLDER/truth.json
    python -m meta.planted OUT_FOLDER --purity GRADES  # after `spec grade OUT_FOLDER/class --out GRADES`
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from meta.runner import complete_submission

# mistake -> (the concept it is in, its styles). Each style redefines the concept at the end of a right file.
MISTAKES: dict[str, tuple[str, list[str]]] = {
    "one_hot_int64": (
        "one_hot",
        [
            """
def one_hot(label, num_classes=10):
    out = torch.zeros(num_classes, dtype=torch.long)
    out[label] = 1
    return out
""",
            """
def one_hot(label, num_classes=10):
    return torch.nn.functional.one_hot(torch.tensor(label), num_classes)
""",
            """
def one_hot(label, num_classes=10):
    return torch.eye(num_classes)[label].long()
""",
        ],
    ),
    "one_hot_length_9": (
        "one_hot",
        [
            """
def one_hot(label, num_classes=10):
    out = torch.zeros(num_classes - 1)
    if label < num_classes - 1:
        out[label] = 1.0
    return out
""",
            """
def one_hot(label, num_classes=10):
    return torch.eye(9)[min(label, 8)]
""",
        ],
    ),
    "train_loop_no_zero_grad": (
        "train_loop",
        [
            """
def train_loop(dataloader, model, loss_fn, optimizer):
    device = next(model.parameters()).device
    model.train()
    total, batches = 0.0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        total += loss.item()
        batches += 1
    return total / batches
""",
            """
def train_loop(dataloader, model, loss_fn, optimizer):
    model.train()
    device = next(model.parameters()).device
    losses = []
    for batch, (X, y) in enumerate(dataloader):
        pred = model(X.to(device))
        loss = loss_fn(pred, y.to(device))
        loss.backward()  # gradients pile up: no optimizer.zero_grad()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
""",
        ],
    ),
    "test_loop_returns_none": (
        "test_loop",
        [
            """
def test_loop(dataloader, model, loss_fn):
    device = next(model.parameters()).device
    model.eval()
    correct, test_loss = 0, 0.0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= len(dataloader)
    correct /= len(dataloader.dataset)
""",
            """
def test_loop(dataloader, model, loss_fn):
    model.eval()
    device = next(model.parameters()).device
    hits = losses = 0
    with torch.no_grad():
        for X, y in dataloader:
            out = model(X.to(device))
            losses += float(loss_fn(out, y.to(device)))
            hits += int((out.argmax(dim=1) == y.to(device)).sum())
    print(f"acc {hits / len(dataloader.dataset):.3f} loss {losses / len(dataloader):.4f}")
""",
        ],
    ),
    "relu_after_last_linear": (
        "NeuralNetwork",
        [
            """
class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
            nn.ReLU(),
        )

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))
""",
            """
class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10)
        )

    def forward(self, x):
        logits = self.linear_relu_stack(self.flatten(x))
        return torch.relu(logits)
""",
        ],
    ),
    "load_weights_not_weights_only": (
        "load_weights",
        [
            """
def load_weights(model, path):
    device = next(model.parameters()).device
    model.load_state_dict(torch.load(path, map_location=device, weights_only=False))
    return model.eval()
""",
            """
def load_weights(model, path):
    with open(path, "rb") as file:
        state = torch.load(file, map_location="cpu", weights_only=False)  # silences the warning
    model.load_state_dict(state)
    model.eval()
    return model
""",
        ],
    ),
    "normalize_hangs": (
        "normalize",
        [
            """
def normalize(t, mean, std):
    while True:
        pass
""",
            """
def normalize(t, mean, std):
    import time

    time.sleep(3600)
""",
        ],
    ),
}
RIGHT_STYLES = [
    "",
    """
def one_hot(label, num_classes=10):
    if not 0 <= label < num_classes:
        raise IndexError(label)
    return torch.zeros(num_classes, dtype=torch.float).scatter_(0, torch.tensor(label), value=1)
""",
]
NOT_IMPLEMENTED = """
def one_hot(label, num_classes=10):
    raise NotImplementedError
"""
# How many of each (the issue's class) at scale 1: mistake -> count, spread over its styles.
ISSUE_CLASS = {
    "one_hot_int64": 12,
    "one_hot_length_9": 6,
    "train_loop_no_zero_grad": 10,
    "test_loop_returns_none": 5,
    "relu_after_last_linear": 7,
    "load_weights_not_weights_only": 4,
    "normalize_hangs": 5,
    "right": 30,
    "not_implemented": 3,
}
# Imports a style may use beyond the complete file's (torch, nn are there).
PREAMBLE = "\n\nimport torch\nfrom torch import nn\n"


def build_class(folder: Path, counts: dict[str, int]) -> dict[str, str]:
    """Writes `counts[mistake]` submissions of each mistake (styles in turn), of `right` and `not_implemented`,
    into `folder`; returns student -> what was planted ("right", "not_implemented" or a mistake)."""
    folder.mkdir(parents=True, exist_ok=True)
    base = complete_submission() + PREAMBLE
    truth = {}
    for planted, count in counts.items():
        if planted == "right":
            styles = RIGHT_STYLES
        elif planted == "not_implemented":
            styles = [NOT_IMPLEMENTED]
        else:
            styles = MISTAKES[planted][1]
        for i in range(count):
            style = i % len(styles)
            student = f"{planted}_s{style}_{i:02d}"
            (folder / f"{student}.py").write_text(base + styles[style])
            truth[student] = planted
    return truth


def purity(analysis: dict[str, Any], truth: dict[str, str]) -> tuple[dict[str, list[str]], list[str]]:
    """(planted mistake -> the ids of the misconceptions its students form in the mistake's concept,
    misconceptions whose students planted more than one thing)."""
    formed: dict[str, list[str]] = {m: [] for m in MISTAKES}
    mixed = []
    for concept in analysis["concepts"]:
        for m in concept["misconceptions"]:
            planted = {truth[s] for s in m["students"]}
            if len(planted) > 1:
                mixed.append(f"{m['id']}: {sorted(planted)}")
            for mistake in planted & set(MISTAKES):
                if MISTAKES[mistake][0] == concept["concept"]:
                    formed[mistake].append(m["id"])
    return formed, mixed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scale", type=float, default=1.0, help="times the issue's class (12 int64, ...)")
    parser.add_argument("--purity", type=Path, default=None, help="a grading's --out: print the purity")
    args = parser.parse_args(argv)
    if args.purity is not None:
        truth = json.loads((args.folder / "truth.json").read_text())
        analysis = json.loads((args.purity / "misconceptions.json").read_text(encoding="utf-8"))
        formed, mixed = purity(analysis, truth)
        pure = [
            m for c in analysis["concepts"] for m in c["misconceptions"] if len({truth[s] for s in m["students"]}) == 1
        ]
        total = sum(len(c["misconceptions"]) for c in analysis["concepts"])
        print(json.dumps({"formed": {k: len(v) for k, v in formed.items()}, "mixed": mixed}, indent=1))
        print(f"purity: {len(pure)} of {total} misconceptions hold one planted thing; analysis {analysis['seconds']} s")
        return 0
    counts = {k: max(1, round(v * args.scale)) for k, v in ISSUE_CLASS.items()}
    truth = build_class(args.folder / "class", counts)
    (args.folder / "truth.json").write_text(json.dumps(truth, indent=1))
    print(f"{len(truth)} submissions in {args.folder / 'class'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
