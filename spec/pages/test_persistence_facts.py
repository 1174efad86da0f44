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
from spec.helpers.calls import Call
from spec.helpers.checks import check, check_equal, check_raises, check_tensor_equal, devices

pytestmark = pytest.mark.persistence
SAVED = "model = NeuralNetwork(); torch.save(model, 'm.pth')"  # the page's whole-model file
POISONED = (  # a state_dict plus an object whose unpickling runs code (creates the directory 'pwned')
    "from spec.helpers.checkpoints import write_poisoned_checkpoint; "
    "write_poisoned_checkpoint('w.pth', NeuralNetwork().state_dict(), 'pwned')"
)


# ---------------------------------------------------------------------------------------------
# What changed since the page (torch 1.9 -> 2.14)


@pytest.mark.parametrize("device", devices())
def test_drift_torch_load_of_a_whole_model_raises_by_default(ref, tmp_path: Path, device: str) -> None:
    """The page loads its whole model with `model = torch.load('model.pth')`. Since torch 2.6 torch.load
    defaults to weights_only=True, whose unpickler refuses the model's classes."""
    torch.save(ref.NeuralNetwork().to(device), tmp_path / "model.pth")
    c = Call("persistence", "torch.load('m.pth')", setup=SAVED)
    check_raises(pickle.UnpicklingError, lambda: torch.load(tmp_path / "model.pth"), call=c)


@pytest.mark.parametrize("device", devices())
def test_drift_safe_globals_allowlists_the_model_classes(ref, tmp_path: Path, device: str) -> None:
    """torch.serialization.safe_globals([...]) lets the weights-only unpickler build exactly the listed
    classes: every module class of the model is needed, and one missing still refuses the file."""
    model = ref.NeuralNetwork().to(device)
    torch.save(model, tmp_path / "model.pth")
    classes = list(dict.fromkeys(type(module) for module in model.modules()))
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in classes}
    c = Call("persistence", "set(torch.serialization.get_unsafe_globals_in_checkpoint('m.pth'))", setup=SAVED)
    check_equal(set(torch.serialization.get_unsafe_globals_in_checkpoint(tmp_path / "model.pth")), names, call=c)
    classes_of = "classes = list(dict.fromkeys(type(m) for m in model.modules()))"
    allowing = c.also(classes_of).named("with torch.serialization.safe_globals(classes[:-1]): torch.load('m.pth')")
    with torch.serialization.safe_globals(classes[:-1]):
        check_raises(pickle.UnpicklingError, lambda: torch.load(tmp_path / "model.pth"), call=allowing)
    with torch.serialization.safe_globals(classes):
        loaded = torch.load(tmp_path / "model.pth")
    loaded_call = allowing.named("with torch.serialization.safe_globals(classes): torch.load('m.pth')")
    for key, tensor in model.state_dict().items():
        check_tensor_equal(loaded.state_dict()[key], tensor, call=loaded_call.dot(f"state_dict()[{key!r}]"))


@pytest.mark.parametrize("device", devices())
def test_drift_full_unpickling_runs_the_files_code(ref, tmp_path: Path, device: str) -> None:
    """The poisoned checkpoint of test_load_weights_refuses_code_execution is live: weights_only=False
    (the default before torch 2.6) runs its code; the default now refuses it."""
    marker = tmp_path / "pwned"
    checkpoints.write_poisoned_checkpoint(tmp_path / "weights.pth", ref.NeuralNetwork().to(device).state_dict(), marker)
    c = Call("persistence", "torch.load('w.pth')", setup=POISONED)
    check_raises(pickle.UnpicklingError, lambda: torch.load(tmp_path / "weights.pth"), call=c)
    exists = c.also(str(c)).named("os.path.isdir('pwned')")
    check_equal(marker.exists(), False, call=exists, situation="the default refuses the file unread")
    torch.load(tmp_path / "weights.pth", weights_only=False)  # what an untrusted file must never get
    ran = c.also("torch.load('w.pth', weights_only=False)").named("os.path.isdir('pwned')")
    check_equal(marker.is_dir(), True, call=ran, situation="weights_only=False runs the file's code")


@pytest.mark.parametrize("device", devices())
def test_torch_load_of_a_checkpoint_from_an_absent_gpu_needs_map_location(ref, tmp_path: Path, device: str) -> None:
    """The page's model.load_state_dict(torch.load(path, weights_only=True)) puts each tensor back on the device
    it was saved from: a file written on a training box's cuda:N cannot be opened where that GPU is absent,
    and map_location=device opens it. Advice, not a requirement of load_weights: the page's code omits it."""
    model = ref.NeuralNetwork().to(device)
    torch.save(model.state_dict(), tmp_path / "cpu.pth")
    absent = f"cuda:{torch.cuda.device_count()}"  # one past the last GPU: cuda:0 on a CPU-only machine
    checkpoints.retag_storages(tmp_path / "cpu.pth", tmp_path / "weights.pth", absent)
    setup = "from spec.helpers.checkpoints import retag_storages, storage_locations; model = NeuralNetwork()"
    c = Call("persistence", "storage_locations('w.pth')", setup=setup)
    c = c.also(f"torch.save(model.state_dict(), 'cpu.pth'); retag_storages('cpu.pth', 'w.pth', {absent!r})")
    found = checkpoints.storage_locations(tmp_path / "weights.pth")
    check_equal(found, {absent}, call=c, situation="scaffolding: the retagged file (torch.save's format changed?)")
    load = c.named("torch.load('w.pth', weights_only=True)")
    check_raises(RuntimeError, lambda: torch.load(tmp_path / "weights.pth", weights_only=True), call=load)
    state = torch.load(tmp_path / "weights.pth", map_location=device, weights_only=True)
    for key, tensor in model.state_dict().items():
        mapped = c.named(f"torch.load('w.pth', map_location={device!r}, weights_only=True)[{key!r}]")
        check_tensor_equal(state[key], tensor, call=mapped)


@pytest.mark.parametrize("device", devices())
def test_load_state_dict_strict_false_returns_missing_and_unexpected_keys(ref, device: str) -> None:
    """The page: 'load_state_dict() 会返回missing_keys和unexpected_keys两个参数' (returns the two lists).
    True for strict=False; strict=True (the default) raises instead, naming both."""
    model = ref.NeuralNetwork().to(device)
    state = model.state_dict()
    state["extra.weight"] = state.pop("linear_relu_stack.4.bias")
    setup = "model = NeuralNetwork(); sd = model.state_dict(); sd['extra.weight'] = sd.pop('linear_relu_stack.4.bias')"
    c = Call("persistence", "model.load_state_dict(sd, strict=False)", setup=setup)
    result = model.load_state_dict(state, strict=False)
    got = (result.missing_keys, result.unexpected_keys)
    check_equal(got, (["linear_relu_stack.4.bias"], ["extra.weight"]), call=c.named(f"tuple({c})"))
    strict = c.named("model.load_state_dict(sd)")
    exc = check_raises(RuntimeError, lambda: model.load_state_dict(state), call=strict)
    check(
        "linear_relu_stack.4.bias" in str(exc) and "extra.weight" in str(exc),
        call=strict,
        actual=f"{type(exc).__name__}: {exc}",
        expected="an error naming the missing and the unexpected key",
        kind="raised",
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
    c = Call("persistence", "[line.strip() for line in str(torchvision.models.vgg16()).splitlines()]")
    check_equal(printed, VGG16_AS_PRINTED.splitlines(), call=c)
    convs = c.named("sum(isinstance(m, nn.Conv2d) for m in torchvision.models.vgg16().modules())")
    check_equal(sum(isinstance(m, nn.Conv2d) for m in model.modules()), 13, call=convs)
