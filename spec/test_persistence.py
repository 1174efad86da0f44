"""Tutorial 1.9 Save and Load the Model (保存和载入模型): 1.9.1 the weights (state_dict), 1.9.2 the whole
model, and the page's VGG16. ONNX export (1.9.3) is in test_persistence_onnx.py.

The models under test are the reference's NeuralNetwork (scaffolding: a learner's broken model fails only
the model page) and small modules where a property needs them (a BatchNorm's buffers). Files the tests
read are written by torch.save itself, so load_weights and load_model are checked independently of
the learner's save functions; the round trips check the pairs.

The most important lesson of this page in 2026 is not in its text (torch 1.9): unpickling runs code.
`torch.load` of an untrusted file ran that code by default until torch 2.6 (weights_only=False), and
weights-only loading had known bypasses until 2.10. Weights are loaded weights-only; whole pickled
models only from files one wrote oneself. The test_drift_* tests pin what changed since the page.
"""

from __future__ import annotations

import os
import pickle
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
import torch
from torch import nn

from spec.checks import check, check_equal, check_is, check_raises, check_tensor_equal, devices, gpu, make_tensor

pytestmark = pytest.mark.persistence
WHERE_WEIGHTS = "tutorial 1.9.1 Saving and Loading Model Weights"
WHERE_MODEL = "tutorial 1.9.2 Saving and Loading Models with Shapes"
WHERE_SAFETY = "torch.load docs: weights_only=True is the default since torch 2.6; unpickling untrusted files runs code"

# What a failed weights-only or strict load may raise: torch's own errors, or a learner's clearer one.
REFUSALS = (pickle.UnpicklingError, RuntimeError, ValueError)
# What torch.load raises on a damaged file: RuntimeError (truncated zip), UnpicklingError (not a
# checkpoint at all), EOFError (empty); a learner may wrap them in ValueError or OSError.
DAMAGED = (RuntimeError, pickle.UnpicklingError, EOFError, ValueError, OSError)


def _model(ref, device: str) -> nn.Module:
    """The tutorial's MLP on `device`, freshly initialised (each call draws new weights)."""
    return ref.NeuralNetwork().to(device)


class _BatchNormNet(nn.Module):
    """Linear + BatchNorm1d: its state_dict holds buffers (running_mean, running_var,
    num_batches_tracked) besides the parameters."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(11, 7)
        self.norm = nn.BatchNorm1d(7)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.norm(self.linear(x))


def _batchnorm_net(device: str) -> nn.Module:
    """A _BatchNormNet whose running statistics are not their initial values."""
    model = _BatchNormNet().to(device)
    with torch.no_grad():
        for _ in range(3):
            model(make_tensor((17, 11), device=device))  # train mode: updates the running stats
    return model


def _check_same_state(model: nn.Module, expected: Mapping[str, torch.Tensor], *, what: str, where: str,
                      repro: str) -> None:
    """Every entry of model.state_dict() equals `expected`'s, bit for bit, on the model's device."""
    __tracebackhide__ = True
    actual = model.state_dict()
    check_equal(list(actual), list(expected), what=f"{what}.state_dict() keys", where=where, repro=repro)
    for key, tensor in expected.items():
        check_tensor_equal(actual[key], tensor, what=f"{what}.state_dict()[{key!r}]", where=where,
                           check_device=False, repro=repro)


def _in_training(model: nn.Module) -> list[str]:
    """Names of the modules still in training mode ("" is the model itself)."""
    return [name for name, module in model.named_modules() if module.training]


def _read_weights_only(path: Path, *, device: str, what: str, repro: str) -> object:
    """torch.load(path, weights_only=True); a refusal fails the test saying what the file holds instead."""
    __tracebackhide__ = True
    try:
        return torch.load(path, map_location=device, weights_only=True)
    except pickle.UnpicklingError as exc:
        unsafe = torch.serialization.get_unsafe_globals_in_checkpoint(path)
        check(False, what=what, actual=f"refused by torch.load(weights_only=True): it pickles {unsafe}",
              expected="a state_dict of plain tensors: torch.save(model.state_dict(), path), not the model "
                       "or the bound method model.state_dict", where=WHERE_WEIGHTS, repro=repro)
        raise AssertionError("unreachable") from exc


class _RunsCode:
    """Unpickling this object calls os.mkdir(marker): what a poisoned checkpoint does, harmlessly."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


def _write_poisoned_checkpoint(path: Path, state_dict: Mapping[str, torch.Tensor], marker: Path) -> None:
    """A real state_dict with one more entry whose unpickling creates the directory `marker`."""
    torch.save({**state_dict, "payload": _RunsCode(marker)}, path)


def _retag_storages(src: Path, dst: Path, location: str) -> None:
    """Copy a torch.save zip checkpoint, claiming its tensors were saved on `location` (say "cuda:1").

    torch.save records each storage's device as a string in data.pkl; the pickle (protocol 2, no
    frames) memoizes "cpu" once, so one replacement retags every tensor. torch.load without a
    map_location then tries to put them back on that device.
    """
    old, new = (b"X" + len(tag).to_bytes(4, "little") + tag for tag in (b"cpu", location.encode()))  # BINUNICODE
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith("/data.pkl"):
                data = data.replace(old, new)
            zout.writestr(info, data)


def _storage_locations(path: Path) -> set[str]:
    """The devices a checkpoint's storages were saved on, as torch.load sees them."""
    seen: set[str] = set()
    torch.load(path, map_location=lambda storage, location: seen.add(location) or storage, weights_only=True)
    return seen


# ---------------------------------------------------------------------------------------------
# save_weights (1.9.1): torch.save(model.state_dict(), path)

@pytest.mark.parametrize("device", devices())
def test_save_weights_writes_a_pure_state_dict(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device)
    path = tmp_path / "weights.pth"
    impl.save_weights(model, path)
    repro = "save_weights(model, 'w.pth'); torch.load('w.pth', weights_only=True)"
    loaded = _read_weights_only(path, device=device, what="the file save_weights wrote", repro=repro)
    check(isinstance(loaded, Mapping), what="torch.load(file of save_weights)", actual=type(loaded).__name__,
          expected="a dict (the state_dict)", where=WHERE_WEIGHTS, repro=repro)
    check_equal(list(loaded), list(model.state_dict()), what="keys of the saved dict", where=WHERE_WEIGHTS,
                repro=repro)
    for key, tensor in model.state_dict().items():
        check_tensor_equal(loaded[key], tensor, what=f"saved[{key!r}]", where=WHERE_WEIGHTS, repro=repro)


@pytest.mark.parametrize("device", devices())
def test_save_weights_includes_buffers(impl, tmp_path: Path, device: str) -> None:
    """state_dict() holds the buffers (BatchNorm's running statistics) besides the parameters."""
    model = _batchnorm_net(device)
    path = tmp_path / "weights.pth"
    impl.save_weights(model, path)
    repro = "save_weights(nn.Sequential(nn.Linear(11, 7), nn.BatchNorm1d(7)), 'w.pth')"
    loaded = _read_weights_only(path, device=device, what="the file save_weights wrote", repro=repro)
    buffers = [name for name, _ in model.named_buffers()]
    check(isinstance(loaded, Mapping) and all(name in loaded for name in buffers),
          what="keys of the saved dict", actual=list(loaded) if isinstance(loaded, Mapping) else loaded,
          expected=f"to include the buffers {buffers}: save model.state_dict(), not named_parameters()",
          where=WHERE_WEIGHTS, repro=repro)
    for name, buffer in model.named_buffers():
        check_tensor_equal(loaded[name], buffer, what=f"saved[{name!r}]", where=WHERE_WEIGHTS, repro=repro)


# ---------------------------------------------------------------------------------------------
# load_weights (1.9.1): model.load_state_dict(torch.load(path, weights_only=True)); model.eval()

@pytest.mark.parametrize("device", devices())
def test_load_weights_restores_every_tensor_exactly(impl, ref, tmp_path: Path, device: str) -> None:
    source, target = _model(ref, device), _model(ref, device)
    torch.save(source.state_dict(), tmp_path / "weights.pth")
    impl.load_weights(target, tmp_path / "weights.pth")
    _check_same_state(target, source.state_dict(), what="model", where=WHERE_WEIGHTS,
                      repro="torch.save(a.state_dict(), 'w.pth'); load_weights(b, 'w.pth')")
    for name, tensor in target.state_dict().items():
        check_equal(tensor.device, torch.device(source.state_dict()[name].device), where=WHERE_WEIGHTS,
                    what=f"model.state_dict()[{name!r}].device after load_weights")


@pytest.mark.parametrize("device", devices())
def test_load_weights_restores_buffers(impl, tmp_path: Path, device: str) -> None:
    source, target = _batchnorm_net(device), _BatchNormNet().to(device)
    torch.save(source.state_dict(), tmp_path / "weights.pth")
    impl.load_weights(target, tmp_path / "weights.pth")
    _check_same_state(target, source.state_dict(), what="model", where=WHERE_WEIGHTS,
                      repro="load_weights(nn.Sequential(nn.Linear(11, 7), nn.BatchNorm1d(7)), 'w.pth')")


@pytest.mark.parametrize("device", devices())
def test_load_weights_returns_the_model_it_was_given(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device)
    torch.save(model.state_dict(), tmp_path / "weights.pth")
    out = impl.load_weights(model, tmp_path / "weights.pth")
    check_is(out, model, what="load_weights(model, path)", where=WHERE_WEIGHTS,
             repro="load_weights(model, 'w.pth') is model")


@pytest.mark.parametrize("device", devices())
def test_load_weights_returns_the_model_in_eval_mode(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device).train()
    torch.save(model.state_dict(), tmp_path / "weights.pth")
    out = impl.load_weights(model, tmp_path / "weights.pth")
    check(isinstance(out, nn.Module) and not _in_training(out), what="modules in training mode after load_weights",
          actual=_in_training(out) if isinstance(out, nn.Module) else out,
          expected="[]: return model.eval() (setting model.training = False does not reach the submodules)",
          where=WHERE_WEIGHTS, repro="load_weights(model.train(), 'w.pth').training")


@pytest.mark.parametrize("mismatch", ["another architecture", "a missing key", "an unexpected key"])
@pytest.mark.parametrize("device", devices())
def test_load_weights_rejects_missing_and_unexpected_keys(impl, ref, tmp_path: Path, mismatch: str,
                                                          device: str) -> None:
    """Strict loading: a state_dict that does not fit the model raises and names the keys at fault.

    The page says load_state_dict(state_dict, strict=True/False); strict=False would quietly keep the
    random initial weights of every missing key.
    """
    model = _model(ref, device)
    state = model.state_dict()
    if mismatch == "another architecture":
        state = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10)).to(device).state_dict()
    elif mismatch == "a missing key":
        state.pop("linear_relu_stack.4.bias")
    else:
        state["linear_relu_stack.6.weight"] = make_tensor((3, 10), device=device)
    torch.save(state, tmp_path / "weights.pth")
    repro = f"load_weights(NeuralNetwork(), 'w.pth')  # w.pth: a state_dict with {mismatch}"
    exc = check_raises(REFUSALS, lambda: impl.load_weights(model, tmp_path / "weights.pth"),
                       what=f"load_weights of a state_dict with {mismatch}", where=WHERE_WEIGHTS, repro=repro)
    named = {"another architecture": ["linear_relu_stack.0.weight", "1.weight"], "a missing key":
             ["linear_relu_stack.4.bias"], "an unexpected key": ["linear_relu_stack.6.weight"]}[mismatch]
    check(all(key in str(exc) for key in named), what="the error", actual=f"{type(exc).__name__}: {exc}",
          expected=f"to name the keys {named} (load_state_dict(..., strict=True) does)", where=WHERE_WEIGHTS,
          repro=repro)


@pytest.mark.parametrize("device", devices())
def test_load_weights_refuses_code_execution(impl, ref, tmp_path: Path, device: str) -> None:
    """A poisoned checkpoint (a state_dict plus one object whose unpickling runs code) is refused unread.

    load_weights with torch.load(..., weights_only=False) runs the payload (here: it creates a
    directory) before load_state_dict can complain about the extra key.
    """
    model = _model(ref, device)
    marker = tmp_path / "pwned"
    _write_poisoned_checkpoint(tmp_path / "weights.pth", model.state_dict(), marker)
    repro = "load_weights(model, 'poisoned.pth')  # the file's pickle calls os.mkdir"
    try:
        impl.load_weights(model, tmp_path / "weights.pth")
        raised: BaseException | None = None
    except NotImplementedError:  # a stub (a RuntimeError too): not implemented, not a refusal
        raise
    except REFUSALS as exc:
        raised = exc
    check(not marker.exists(), what="the poisoned file's code", actual="ran (it created the marker directory)",
          expected="never run: torch.load(path, weights_only=True)", where=WHERE_SAFETY, repro=repro)
    check(raised is not None, what="load_weights(model, poisoned file)", actual="returned without an error",
          expected="an error (pickle.UnpicklingError from weights-only loading)", where=WHERE_SAFETY, repro=repro)


@pytest.mark.parametrize("damage", ["truncated", "not a checkpoint"])
@pytest.mark.parametrize("device", devices())
def test_load_weights_raises_on_a_damaged_file(impl, ref, tmp_path: Path, damage: str, device: str) -> None:
    """An interrupted copy (half a checkpoint) or a failed download (an HTML page) raises one error."""
    model = _model(ref, device)
    path = tmp_path / "weights.pth"
    torch.save(model.state_dict(), path)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_text("<!DOCTYPE html>\n<html><body><h1>404 Not Found</h1></body></html>\n")
    check_raises(DAMAGED, lambda: impl.load_weights(model, path), what=f"load_weights of a {damage} file",
                 where=WHERE_WEIGHTS, repro=f"load_weights(model, 'w.pth')  # w.pth: {damage}")


@pytest.mark.parametrize("device", devices())
def test_load_weights_maps_storages_to_the_models_device(impl, ref, tmp_path: Path, device: str) -> None:
    """A checkpoint saved on a GPU this machine lacks (say, on a training box's cuda:N) loads onto the
    model's device: torch.load(..., map_location=device). Without it torch.load raises here."""
    source, target = _model(ref, "cpu"), _model(ref, device)
    torch.save(source.state_dict(), tmp_path / "cpu.pth")
    absent = f"cuda:{torch.cuda.device_count()}"  # one past the last GPU: cuda:0 on a CPU-only machine
    _retag_storages(tmp_path / "cpu.pth", tmp_path / "weights.pth", absent)
    check_equal(_storage_locations(tmp_path / "weights.pth"), {absent}, where=WHERE_WEIGHTS,
                what="devices the retagged test file claims (scaffolding: torch.save's format changed?)")
    impl.load_weights(target, tmp_path / "weights.pth")
    _check_same_state(target, source.state_dict(), what="model", where=WHERE_WEIGHTS,
                      repro=f"load_weights(model, 'w.pth')  # w.pth saved on {absent}")


@pytest.mark.gpu
@pytest.mark.parametrize(("saved_on", "loaded_on"), [("cuda", "cpu"), ("cpu", "cuda")])
def test_load_weights_moves_weights_across_devices(impl, ref, tmp_path: Path, saved_on: str,
                                                   loaded_on: str) -> None:
    source, target = _model(ref, saved_on), _model(ref, loaded_on)
    torch.save(source.state_dict(), tmp_path / "weights.pth")
    out = impl.load_weights(target, tmp_path / "weights.pth")
    _check_same_state(target, source.state_dict(), what="model", where=WHERE_WEIGHTS,
                      repro=f"load_weights(model.to('{loaded_on}'), 'w.pth')  # saved on {saved_on}")
    check_equal({p.device.type for p in out.parameters()}, {loaded_on}, where=WHERE_WEIGHTS,
                what="devices of the returned model's parameters")


@pytest.mark.parametrize("device", devices())
def test_save_then_load_weights_round_trips(impl, ref, tmp_path: Path, device: str) -> None:
    source, target = _model(ref, device), _model(ref, device)
    impl.save_weights(source, tmp_path / "weights.pth")
    check_equal({p.device.type for p in source.parameters()}, {device}, where=WHERE_WEIGHTS,
                what="devices of the model's parameters after save_weights (it must not move the model)")
    impl.load_weights(target, tmp_path / "weights.pth")
    _check_same_state(target, source.state_dict(), what="model", where=WHERE_WEIGHTS,
                      repro="save_weights(a, 'w.pth'); load_weights(b, 'w.pth')")
    x = make_tensor((7, 1, 28, 28), device=device, low=0.0, high=1.0)
    with torch.no_grad():
        check_tensor_equal(target.eval()(x), source.eval()(x), what="loaded model(x)", where=WHERE_WEIGHTS,
                           repro="load_weights(b, 'w.pth')(x) == a(x)")


# ---------------------------------------------------------------------------------------------
# save_model / load_model (1.9.2): the whole pickled module; trusted files only

@pytest.mark.parametrize("device", devices())
def test_save_model_writes_the_whole_module(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device)
    impl.save_model(model, tmp_path / "model.pth")
    repro = "save_model(model, 'm.pth'); torch.load('m.pth', weights_only=False)"
    loaded = torch.load(tmp_path / "model.pth", weights_only=False)  # trusted: this test wrote it
    check_equal(type(loaded), type(model), what="type of torch.load(file of save_model)", where=WHERE_MODEL,
                repro=repro)
    _check_same_state(loaded, model.state_dict(), what="loaded", where=WHERE_MODEL, repro=repro)


@pytest.mark.parametrize("device", devices())
def test_load_model_restores_the_whole_module(impl, ref, tmp_path: Path, device: str) -> None:
    """The file the page writes with torch.save(model, path). The page's `torch.load(path)` now raises."""
    model = _model(ref, device)
    torch.save(model, tmp_path / "model.pth")
    loaded = impl.load_model(tmp_path / "model.pth")
    repro = "torch.save(model, 'm.pth'); load_model('m.pth')"
    check_equal(type(loaded), type(model), what="type of load_model(path)", where=WHERE_MODEL, repro=repro)
    _check_same_state(loaded, model.state_dict(), what="loaded", where=WHERE_MODEL, repro=repro)


@pytest.mark.parametrize("device", devices())
def test_load_model_returns_the_model_in_eval_mode(impl, ref, tmp_path: Path, device: str) -> None:
    torch.save(_model(ref, device).train(), tmp_path / "model.pth")
    loaded = impl.load_model(tmp_path / "model.pth")
    check(isinstance(loaded, nn.Module) and not _in_training(loaded), what="modules in training mode after load_model",
          actual=_in_training(loaded) if isinstance(loaded, nn.Module) else loaded,
          expected="[]: return model.eval()", where=WHERE_MODEL, repro="load_model('m.pth').training")


@pytest.mark.parametrize("device", devices())
def test_save_then_load_model_round_trips(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device)
    impl.save_model(model, tmp_path / "model.pth")
    loaded = impl.load_model(tmp_path / "model.pth")
    check_equal(type(loaded), type(model), what="type of load_model(path)", where=WHERE_MODEL)
    loaded.to(device)  # load_model may map to the CPU; compare on one device, where results are bitwise equal
    x = make_tensor((7, 1, 28, 28), device=device, low=0.0, high=1.0)
    with torch.no_grad():
        check_tensor_equal(loaded(x), model.eval()(x), what="loaded model(x)", where=WHERE_MODEL,
                           repro="save_model(model, 'm.pth'); load_model('m.pth')(x) == model(x)")


# ---------------------------------------------------------------------------------------------
# What changed since the page (torch 1.9 -> 2.14): facts about torch itself

@pytest.mark.parametrize("device", devices())
def test_drift_torch_load_of_a_whole_model_raises_by_default(ref, tmp_path: Path, device: str) -> None:
    """The page loads its whole model with `model = torch.load('model.pth')`. Since torch 2.6 torch.load
    defaults to weights_only=True, whose unpickler refuses the model's classes."""
    torch.save(_model(ref, device), tmp_path / "model.pth")
    check_raises(pickle.UnpicklingError, lambda: torch.load(tmp_path / "model.pth"), where=WHERE_SAFETY,
                 what="torch.load(path) of a torch.save(model, path) file")


@pytest.mark.parametrize("device", devices())
def test_drift_safe_globals_allowlists_the_model_classes(ref, tmp_path: Path, device: str) -> None:
    """torch.serialization.safe_globals([...]) lets the weights-only unpickler build exactly the listed
    classes: every module class of the model is needed, and one missing still refuses the file."""
    model = _model(ref, device)
    torch.save(model, tmp_path / "model.pth")
    classes = list(dict.fromkeys(type(module) for module in model.modules()))
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in classes}
    check_equal(set(torch.serialization.get_unsafe_globals_in_checkpoint(tmp_path / "model.pth")), names,
                what="get_unsafe_globals_in_checkpoint(path)", where=WHERE_SAFETY)
    with torch.serialization.safe_globals(classes[:-1]):
        check_raises(pickle.UnpicklingError, lambda: torch.load(tmp_path / "model.pth"), where=WHERE_SAFETY,
                     what=f"torch.load(path) with every class but {classes[-1].__name__} allowed")
    with torch.serialization.safe_globals(classes):
        loaded = torch.load(tmp_path / "model.pth")
    _check_same_state(loaded, model.state_dict(), what="loaded", where=WHERE_SAFETY,
                      repro="with torch.serialization.safe_globals(classes): torch.load(path)")


@pytest.mark.parametrize("device", devices())
def test_drift_full_unpickling_runs_the_files_code(ref, tmp_path: Path, device: str) -> None:
    """The poisoned checkpoint of test_load_weights_refuses_code_execution is live: weights_only=False
    (the default before torch 2.6) runs its code; the default now refuses it."""
    marker = tmp_path / "pwned"
    _write_poisoned_checkpoint(tmp_path / "weights.pth", _model(ref, device).state_dict(), marker)
    check_raises(pickle.UnpicklingError, lambda: torch.load(tmp_path / "weights.pth"), where=WHERE_SAFETY,
                 what="torch.load(poisoned file)")
    check(not marker.exists(), what="the marker", actual="created", expected="absent", where=WHERE_SAFETY)
    torch.load(tmp_path / "weights.pth", weights_only=False)  # what an untrusted file must never get
    check(marker.is_dir(), what="the marker after weights_only=False", actual="absent",
          expected="created by the file's code", where=WHERE_SAFETY)


@pytest.mark.parametrize("device", devices())
def test_load_state_dict_strict_false_returns_missing_and_unexpected_keys(ref, device: str) -> None:
    """The page: 'load_state_dict() 会返回missing_keys和unexpected_keys两个参数' (returns the two lists).
    True for strict=False; strict=True (the default) raises instead, naming both."""
    model = _model(ref, device)
    state = model.state_dict()
    state["extra.weight"] = state.pop("linear_relu_stack.4.bias")
    result = model.load_state_dict(state, strict=False)
    check_equal((result.missing_keys, result.unexpected_keys), (["linear_relu_stack.4.bias"], ["extra.weight"]),
                what="load_state_dict(state, strict=False)", where=WHERE_WEIGHTS)
    exc = check_raises(RuntimeError, lambda: model.load_state_dict(state), what="load_state_dict(state)",
                       where=WHERE_WEIGHTS)
    check("linear_relu_stack.4.bias" in str(exc) and "extra.weight" in str(exc), what="the error",
          actual=str(exc), expected="to name the missing and the unexpected key", where=WHERE_WEIGHTS)


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
    check_equal(sum(isinstance(m, nn.Conv2d) for m in model.modules()), 13, what="number of Conv2d in VGG16",
                where=WHERE_WEIGHTS)


@pytest.mark.slow
@pytest.mark.parametrize("device", devices())
def test_vgg16_weights_round_trip(impl, tmp_path: Path, device: str) -> None:
    """The page's save_weights / load_weights on VGG16 (138M parameters, a 528 MB file)."""
    import torchvision

    source = torchvision.models.vgg16(weights=None).to(device)
    impl.save_weights(source, tmp_path / "vgg16.pth")
    with torch.device("meta"):
        target = torchvision.models.vgg16(weights=None)
    target = target.to_empty(device=device)  # uninitialised memory: every value must come from the file
    out = impl.load_weights(target, tmp_path / "vgg16.pth")
    _check_same_state(target, source.state_dict(), what="vgg16", where=WHERE_WEIGHTS,
                      repro="save_weights(vgg16(), 'vgg16.pth'); load_weights(vgg16(), 'vgg16.pth')")
    check_equal(_in_training(out), [], what="modules in training mode after load_weights", where=WHERE_WEIGHTS)
