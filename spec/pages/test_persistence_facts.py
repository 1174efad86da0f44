"""Tutorial 1.9 Save and Load the Model (保存和载入模型): facts about torch and torchvision that the page
states or relies on, and what changed since its torch 1.9. These tests use no learner code.

- 1.9.2 loads a whole pickled model with `torch.load(path)`: since torch 2.6 that call is weights-only
  and raises; `torch.serialization.safe_globals` lists the classes it may build, and
  `weights_only=False` runs whatever code the file carries (test_drift_*).
- 1.9.1 says load_state_dict returns missing_keys and unexpected_keys: true of strict=False.
- 1.9.1 prints VGG16: torchvision prints it the same today.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import torch
from torch import nn

from spec.helpers import checkpoints
from spec.helpers.checks import check, check_equal, check_raises, check_tensor_equal, devices

pytestmark = pytest.mark.persistence
WHERE_WEIGHTS = "tutorial 1.9.1 Saving and Loading Model Weights"
WHERE_SAFETY = "torch.load docs: weights_only=True is the default since torch 2.6; unpickling untrusted files runs code"


# ---------------------------------------------------------------------------------------------
# What changed since the page (torch 1.9 -> 2.14)


@pytest.mark.parametrize("device", devices())
def test_drift_torch_load_of_a_whole_model_raises_by_default(ref, tmp_path: Path, device: str) -> None:
    """The page loads its whole model with `model = torch.load('model.pth')`. Since torch 2.6 torch.load
    defaults to weights_only=True, whose unpickler refuses the model's classes."""
    torch.save(ref.NeuralNetwork().to(device), tmp_path / "model.pth")
    check_raises(
        pickle.UnpicklingError,
        lambda: torch.load(tmp_path / "model.pth"),
        where=WHERE_SAFETY,
        what="torch.load(path) of a torch.save(model, path) file",
    )


@pytest.mark.parametrize("device", devices())
def test_drift_safe_globals_allowlists_the_model_classes(ref, tmp_path: Path, device: str) -> None:
    """torch.serialization.safe_globals([...]) lets the weights-only unpickler build exactly the listed
    classes: every module class of the model is needed, and one missing still refuses the file."""
    model = ref.NeuralNetwork().to(device)
    torch.save(model, tmp_path / "model.pth")
    classes = list(dict.fromkeys(type(module) for module in model.modules()))
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in classes}
    check_equal(
        set(torch.serialization.get_unsafe_globals_in_checkpoint(tmp_path / "model.pth")),
        names,
        what="get_unsafe_globals_in_checkpoint(path)",
        where=WHERE_SAFETY,
    )
    with torch.serialization.safe_globals(classes[:-1]):
        check_raises(
            pickle.UnpicklingError,
            lambda: torch.load(tmp_path / "model.pth"),
            where=WHERE_SAFETY,
            what=f"torch.load(path) with every class but {classes[-1].__name__} allowed",
        )
    with torch.serialization.safe_globals(classes):
        loaded = torch.load(tmp_path / "model.pth")
    for key, tensor in model.state_dict().items():
        check_tensor_equal(loaded.state_dict()[key], tensor, what=f"loaded.state_dict()[{key!r}]", where=WHERE_SAFETY)


@pytest.mark.parametrize("device", devices())
def test_drift_full_unpickling_runs_the_files_code(ref, tmp_path: Path, device: str) -> None:
    """The poisoned checkpoint of test_load_weights_refuses_code_execution is live: weights_only=False
    (the default before torch 2.6) runs its code; the default now refuses it."""
    marker = tmp_path / "pwned"
    checkpoints.write_poisoned_checkpoint(tmp_path / "weights.pth", ref.NeuralNetwork().to(device).state_dict(), marker)
    check_raises(
        pickle.UnpicklingError,
        lambda: torch.load(tmp_path / "weights.pth"),
        where=WHERE_SAFETY,
        what="torch.load(poisoned file)",
    )
    check(not marker.exists(), what="the marker", actual="created", expected="absent", where=WHERE_SAFETY)
    torch.load(tmp_path / "weights.pth", weights_only=False)  # what an untrusted file must never get
    check(
        marker.is_dir(),
        what="the marker after weights_only=False",
        actual="absent",
        expected="created by the file's code",
        where=WHERE_SAFETY,
    )


@pytest.mark.parametrize("device", devices())
def test_torch_load_of_a_checkpoint_from_an_absent_gpu_needs_map_location(ref, tmp_path: Path, device: str) -> None:
    """The page's model.load_state_dict(torch.load(path, weights_only=True)) puts each tensor back on the device
    it was saved from: a file written on a training box's cuda:N cannot be opened where that GPU is absent,
    and map_location=device opens it. Advice, not a requirement of load_weights: the page's code omits it."""
    model = ref.NeuralNetwork().to(device)
    torch.save(model.state_dict(), tmp_path / "cpu.pth")
    absent = f"cuda:{torch.cuda.device_count()}"  # one past the last GPU: cuda:0 on a CPU-only machine
    checkpoints.retag_storages(tmp_path / "cpu.pth", tmp_path / "weights.pth", absent)
    check_equal(
        checkpoints.storage_locations(tmp_path / "weights.pth"),
        {absent},
        where=WHERE_WEIGHTS,
        what="devices the retagged test file claims (scaffolding: torch.save's format changed?)",
    )
    check_raises(
        RuntimeError,
        lambda: torch.load(tmp_path / "weights.pth", weights_only=True),
        where=WHERE_WEIGHTS,
        what=f"torch.load(path, weights_only=True) of a file saved on {absent}",
    )
    state = torch.load(tmp_path / "weights.pth", map_location=device, weights_only=True)
    for key, tensor in model.state_dict().items():
        check_tensor_equal(
            state[key], tensor, what=f"torch.load(path, map_location={device!r})[{key!r}]", where=WHERE_WEIGHTS
        )


@pytest.mark.parametrize("device", devices())
def test_load_state_dict_strict_false_returns_missing_and_unexpected_keys(ref, device: str) -> None:
    """The page: 'load_state_dict() 会返回missing_keys和unexpected_keys两个参数' (returns the two lists).
    True for strict=False; strict=True (the default) raises instead, naming both."""
    model = ref.NeuralNetwork().to(device)
    state = model.state_dict()
    state["extra.weight"] = state.pop("linear_relu_stack.4.bias")
    result = model.load_state_dict(state, strict=False)
    check_equal(
        (result.missing_keys, result.unexpected_keys),
        (["linear_relu_stack.4.bias"], ["extra.weight"]),
        what="load_state_dict(state, strict=False)",
        where=WHERE_WEIGHTS,
    )
    exc = check_raises(
        RuntimeError, lambda: model.load_state_dict(state), what="load_state_dict(state)", where=WHERE_WEIGHTS
    )
    check(
        "linear_relu_stack.4.bias" in str(exc) and "extra.weight" in str(exc),
        what="the error",
        actual=str(exc),
        expected="to name the missing and the unexpected key",
        where=WHERE_WEIGHTS,
    )


# ---------------------------------------------------------------------------------------------
# The page's VGG16 (torchvision.models.vgg16, no download: weights=None)

VGG16_AS_PRINTED = """\
VGG(
(features): Sequential(
(0): Conv2d(3, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(1): ReLU(inplace=True)
(2): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(3): ReLU(inplace=True)
(4): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
(5): Conv2d(64, 128, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(6): ReLU(inplace=True)
(7): Conv2d(128, 128, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(8): ReLU(inplace=True)
(9): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
(10): Conv2d(128, 256, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(11): ReLU(inplace=True)
(12): Conv2d(256, 256, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(13): ReLU(inplace=True)
(14): Conv2d(256, 256, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(15): ReLU(inplace=True)
(16): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
(17): Conv2d(256, 512, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(18): ReLU(inplace=True)
(19): Conv2d(512, 512, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(20): ReLU(inplace=True)
(21): Conv2d(512, 512, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(22): ReLU(inplace=True)
(23): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
(24): Conv2d(512, 512, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(25): ReLU(inplace=True)
(26): Conv2d(512, 512, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(27): ReLU(inplace=True)
(28): Conv2d(512, 512, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
(29): ReLU(inplace=True)
(30): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
)
(avgpool): AdaptiveAvgPool2d(output_size=(7, 7))
(classifier): Sequential(
(0): Linear(in_features=25088, out_features=4096, bias=True)
(1): ReLU(inplace=True)
(2): Dropout(p=0.5, inplace=False)
(3): Linear(in_features=4096, out_features=4096, bias=True)
(4): ReLU(inplace=True)
(5): Dropout(p=0.5, inplace=False)
(6): Linear(in_features=4096, out_features=1000, bias=True)
)
)
"""


def test_vgg16_prints_as_on_the_page() -> None:
    """13 convolutions, then the classifier 25088 -> 4096 -> 4096 -> 1000, as the page prints it
    (indentation aside). Built on the meta device: structure without 138M random weights."""
    import torchvision

    with torch.device("meta"):
        model = torchvision.models.vgg16(weights=None)
    printed = [line.strip() for line in str(model).splitlines()]
    check_equal(printed, VGG16_AS_PRINTED.splitlines(), what="str(torchvision.models.vgg16())", where=WHERE_WEIGHTS)
    check_equal(
        sum(isinstance(m, nn.Conv2d) for m in model.modules()),
        13,
        what="number of Conv2d in VGG16",
        where=WHERE_WEIGHTS,
    )
