"""Meta-test of meta/mutate.py: each family makes its mistake where its pattern occurs, one change per mutant,
valid Python, with an id that stays put; and every contract name gets mutants from both implementations."""

from __future__ import annotations

import ast

import pytest

from meta.mutate import FAMILIES, GENERIC, mutants
from spec.contract import CONTRACT

pytestmark = pytest.mark.meta

GENERIC_SOURCE = '''
"""A docstring is not a statement to drop."""
def predict(model, x):
    model.eval()
    return model(x.detach()).argmax(dim=1) < 0 + 2
'''

# One learner's module with every family's pattern at least once (a contract name each, so all are in scope).
SOURCE = '''
"""The patterns."""
import copy

import numpy as np
import torch
from torch.nn import functional as F
from torchvision.io import ImageReadMode, decode_image

labels_map = {0: "T-Shirt", 1: "Trouser", 2: "Pullover"}


def to_tensor(image):
    array = np.array(image, dtype=np.uint8, copy=True)
    if array.ndim == 2:
        array = array[:, :, None]
    return torch.from_numpy(array).permute(2, 0, 1).contiguous().float() / 255


def normalize(t, mean, std):
    m = torch.as_tensor(mean, dtype=t.dtype, device=t.device).view(-1, 1, 1)
    return (t - m) / torch.tensor(std).reshape(-1, 1, 1)


def one_hot(label, num_classes=10):
    if not 0 <= int(label) < num_classes:
        raise ValueError(label)
    return torch.zeros(num_classes).scatter_(0, torch.tensor(label), value=1)


def single_layer_grads(x, y, w, b):
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y, reduction="mean")
    loss.backward()
    return loss.detach(), w.grad.clone(), b.grad


def forward_without_grad(x, w, b):
    with torch.no_grad():
        return x @ w + b


def test_loop(dataloader, model, loss_fn):
    model.eval()
    total, correct, batches = 0.0, 0, 0
    for X, y in dataloader:
        X = X.to("cpu")
        pred = model(X)
        total += loss_fn(pred, y).item()
        correct += (pred.argmax(1) == y).sum().item()
        batches += 1
    return correct / len(dataloader.dataset), total / batches


def export_onnx(model, path, example_input):
    was = model.training
    try:
        torch.onnx.export(copy.deepcopy(model), (example_input,), str(path), dynamo=True)
    finally:
        model.train(was)


def load_weights(model, path):
    with open(path, "rb") as f:
        state = torch.load(f, map_location="cpu", weights_only=True)
    try:
        model.load_state_dict(state, strict=True)
    except KeyError:
        raise
    return model.eval()


class CustomImageDataset:
    def __init__(self, annotations_file, img_dir):
        self.rows = []
        with open(annotations_file, encoding="utf-8-sig", newline="") as f:
            for n, line in enumerate(f.read().splitlines(), start=1):
                self.rows.append(line.split(","))
        self.img_dir = Path(img_dir)

    def __getitem__(self, idx):
        name, label = self.rows[idx]
        image = decode_image(str(self.img_dir / name), mode=ImageReadMode.UNCHANGED)
        return image, int(label)


def to_numpy(tensor):
    return tensor.numpy()


def first_row(t):
    return t[0]


def add_inplace(t, value):
    return t.add_(value)


def matmul(a, b):
    return a.t().T @ b.double().cpu()


def to_python(t):
    return t.sum().tolist()
'''


def test_there_are_at_least_25_families_each_with_a_docstring() -> None:
    assert len(FAMILIES) >= 25, sorted(FAMILIES)
    assert all((f.__doc__ or "").strip() for f in FAMILIES.values())
    assert not set(FAMILIES) & set(GENERIC)


@pytest.mark.slow  # ~2 s: every family over SOURCE
def test_every_family_finds_its_pattern_and_makes_valid_single_mutants() -> None:
    made = list(mutants(SOURCE, key="sample.py"))
    assert {m.family for m in made} == set(FAMILIES), sorted(set(FAMILIES) - {m.family for m in made})
    original = ast.unparse(ast.parse(SOURCE))
    texts = [m.text for m in made]
    assert len(set(texts)) == len(texts) and original not in texts  # each mutant once, none a no-op
    for m in made:
        compile(m.text, m.id, "exec")
        assert m.id.startswith(f"sample.py::{m.scope}::{m.family}::") and m.concepts
        assert m.concepts[0] in CONTRACT


@pytest.mark.slow
@pytest.mark.parametrize(
    ("family", "scope", "expected"),
    [
        ("view_reshape", "normalize", "torch.tensor(std).view(-1, 1, 1)"),
        ("copy_dropped", "to_tensor", ".permute(2, 0, 1).float() / 255"),
        ("inplace_on_arg", "normalize", "return t.sub_(m) / "),
        ("no_grad_misplaced", "forward_without_grad", "torch.enable_grad()"),
        ("mode_not_restored", "export_onnx", "was = model.training\n    torch.onnx.export("),
        ("length_confused", "test_loop", "total / len(dataloader.dataset)"),
        ("first_last_dropped", "CustomImageDataset", "list(enumerate(f.read().splitlines(), start=1))[1:]"),
        ("loss_unstable", "single_layer_grads", "F.binary_cross_entropy(torch.sigmoid(z), y)"),
        ("state_hoisted", "CustomImageDataset", "self.rows = _SHARED_rows"),
        ("hardcoded_param", "one_hot", "torch.zeros(10)"),
        ("file_flags", "load_weights", "weights_only=False"),
        ("axes_swapped", "to_tensor", "permute(2, 1, 0)"),
    ],
)
def test_a_family_makes_the_mistake_it_names(family: str, scope: str, expected: str) -> None:
    made = [m for m in mutants(SOURCE, families={family: FAMILIES[family]}) if m.scope == scope]
    assert any(expected in m.text for m in made), [m.description for m in made]


@pytest.mark.slow
def test_a_mutant_id_does_not_move_when_another_definition_changes() -> None:
    before = {m.id for m in mutants(SOURCE, families={"copy_dropped": FAMILIES["copy_dropped"]})}
    changed = SOURCE.replace("return tensor.numpy()", "array = tensor.numpy()\n    return array")
    after = {m.id for m in mutants(changed, families={"copy_dropped": FAMILIES["copy_dropped"]})}
    assert before == after and before


def test_the_generic_slips_make_one_change_each() -> None:
    found = {
        (m.family, m.description.split(": ", 1)[1]): ast.unparse(ast.parse(m.text).body[1])
        for m in mutants(GENERIC_SOURCE, families=GENERIC)
    }
    # no contract name here but predict: the whole function is in scope
    assert set(found) == {
        ("stmt", "drop model.eval()"),
        ("op", "Lt -> LtE"),
        ("keyword", "drop dim=1"),
        ("call", "drop .detach()"),
        ("call", "drop .eval()"),  # `model` alone: the same as dropping the statement, but the tool does not know
        ("const", "1 -> 0"),
        ("op", "Add -> Sub"),
        ("const", "0 -> 1"),
        ("const", "2 -> -2"),
    }, sorted(found)
    assert "return model(x).argmax(dim=1) < 0 + 2" in found["call", "drop .detach()"]
    assert "return model(x.detach()).argmax() < 0 + 2" in found["keyword", "drop dim=1"]
    assert all(text.count("def predict") == 1 for text in found.values())
