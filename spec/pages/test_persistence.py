"""Tutorial 1.9 Save and Load the Model (保存和载入模型): 1.9.1 the weights (state_dict) and 1.9.2 the whole
model. ONNX (1.9.3) is in test_persistence_onnx.py (export) and test_persistence_onnx_predict.py; the
page's facts about torch (what changed since torch 1.9, load_state_dict's strict flag, VGG16's
structure) in test_persistence_facts.py.

The models under test are the reference's NeuralNetwork (scaffolding: a learner's broken model fails only
the model page) and small modules where a property needs them (a BatchNorm's buffers). Files the tests
read are written by torch.save itself, so load_weights and load_model are checked independently of
the learner's save functions; the round trips check the pairs.

Each function is checked on its own against torch or the reference (issue 15): save with the
reference's load, load with the reference's save, so a wrong load_model does not fail a right save_model.

Situations (issue 18): save_weights and load_weights on the tutorial's MLP and on a model with buffers
(BatchNorm), in train mode, twice to one path (the second save replaces the first), into two models
(nothing shared, the first unchanged by the second load), from files that do not fit (another
architecture, a missing key, an unexpected key, another shape), poisoned, truncated, not a checkpoint,
saved on another device (gpu); save_model and load_model: in train mode, twice to one path, loaded twice
(two independent models), requires_grad kept. ONNX: test_persistence_onnx.py lists its own.

The most important lesson of this page in 2026 is not in its text (torch 1.9): unpickling runs code.
`torch.load` of an untrusted file ran that code by default until torch 2.6 (weights_only=False), and
weights-only loading had known bypasses until 2.10. Weights are loaded weights-only; whole pickled
models only from files one wrote oneself.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import torch
from torch import nn

from spec.helpers import checkpoints
from spec.helpers.checks import (
    check,
    check_equal,
    check_is,
    check_raises,
    check_tensor_equal,
    devices,
    make_tensor,
    result_or_error,
)

pytestmark = pytest.mark.persistence
WHERE_WEIGHTS = "tutorial 1.9.1 Saving and Loading Model Weights"
WHERE_MODEL = "tutorial 1.9.2 Saving and Loading Models with Shapes"
WHERE_SAFETY = "torch.load docs: weights_only=True is the default since torch 2.6; unpickling untrusted files runs code"

# What a failed weights-only or strict load may raise: torch's own errors, or a learner's clearer one
# (a KeyError for the keys that do not match, say: the page asks only that the load raise).
REFUSALS = (pickle.UnpicklingError, RuntimeError, ValueError, KeyError)
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


def _check_same_state(
    model: nn.Module, expected: Mapping[str, torch.Tensor], *, what: str, where: str, repro: str
) -> None:
    """Every entry of model.state_dict() equals `expected`'s, bit for bit, on the model's device."""
    __tracebackhide__ = True
    actual = model.state_dict()
    check_equal(list(actual), list(expected), what=f"{what}.state_dict() keys", where=where, repro=repro)
    for key, tensor in expected.items():
        check_tensor_equal(
            actual[key], tensor, what=f"{what}.state_dict()[{key!r}]", where=where, check_device=False, repro=repro
        )


def _load_model(impl: Any, path: Path, *, repro: str) -> Any:
    """impl.load_model(path); torch.load's refusal of a whole model becomes the spec's message, the raw error below."""
    __tracebackhide__ = True
    try:
        return impl.load_model(path)
    except pickle.UnpicklingError as exc:
        raw = "\n".join("    " + line for line in str(exc).strip().splitlines())
    # Failed outside the except block: the report shows this message, not "during handling of ..." chains.
    pytest.fail(
        f"load_model(path) raised UnpicklingError, but should return the unpickled model: "
        f"torch.load(path, weights_only=False), for files you wrote yourself (weights_only=True is "
        f"torch.load's default since 2.6 and refuses the model's classes) [{WHERE_MODEL}]\n"
        f"  reproduce: {repro}\n  raised: UnpicklingError:\n{raw}",
        pytrace=False,
    )


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
        check(
            False,
            what=what,
            actual=f"refused by torch.load(weights_only=True): it pickles {unsafe}",
            expected="a state_dict of plain tensors: torch.save(model.state_dict(), path), not the model "
            "or the bound method model.state_dict",
            where=WHERE_WEIGHTS,
            repro=repro,
        )
        raise AssertionError("unreachable") from exc


# ---------------------------------------------------------------------------------------------
# save_weights (1.9.1): torch.save(model.state_dict(), path)


@pytest.mark.parametrize("device", devices())
def test_save_weights_writes_a_pure_state_dict(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device)
    path = tmp_path / "weights.pth"
    impl.save_weights(model, path)
    repro = "save_weights(model, 'w.pth'); torch.load('w.pth', weights_only=True)"
    loaded = _read_weights_only(path, device=device, what="the file save_weights wrote", repro=repro)
    check(
        isinstance(loaded, Mapping),
        what="torch.load(file of save_weights)",
        actual=type(loaded).__name__,
        expected="a dict (the state_dict)",
        where=WHERE_WEIGHTS,
        repro=repro,
    )
    # The keys, in any order: load_state_dict matches them by name (a sorted dict loads as well).
    check_equal(
        sorted(loaded),
        sorted(model.state_dict()),
        what="keys of the saved dict (sorted)",
        where=WHERE_WEIGHTS,
        repro=repro,
    )
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
    check(
        isinstance(loaded, Mapping) and all(name in loaded for name in buffers),
        what="keys of the saved dict",
        actual=list(loaded) if isinstance(loaded, Mapping) else loaded,
        expected=f"to include the buffers {buffers}: save model.state_dict(), not named_parameters()",
        where=WHERE_WEIGHTS,
        repro=repro,
    )
    for name, buffer in model.named_buffers():
        check_tensor_equal(loaded[name], buffer, what=f"saved[{name!r}]", where=WHERE_WEIGHTS, repro=repro)


def _check_saving_keeps_training_mode(
    save: Callable[[nn.Module, Path], Any], model: nn.Module, path: Path, *, where: str
) -> None:
    """save(model in train mode, path) leaves every module of the model in train mode."""
    __tracebackhide__ = True
    name = getattr(save, "__name__", "save")
    before = _in_training(model.train())
    save(model, path)
    check_equal(
        _in_training(model),
        before,
        what=f"modules in training mode after {name}(model.train(), path)",
        where=where,
        repro=f"{name}(model.train(), '{path.name}'); model.training",
    )


@pytest.mark.parametrize("device", devices())
def test_save_weights_leaves_the_model_in_training_mode(impl, ref, tmp_path: Path, device: str) -> None:
    """A checkpoint mid-training (after each epoch, say) must not change how training goes on: a
    model.eval() before torch.save would leave Dropout off and BatchNorm frozen for the epochs after."""
    _check_saving_keeps_training_mode(
        impl.save_weights,
        _model(ref, device),
        tmp_path / "weights.pth",
        where=WHERE_WEIGHTS + ": torch.save(model.state_dict(), path) alone, no model.eval()",
    )


# ---------------------------------------------------------------------------------------------
# load_weights (1.9.1): model.load_state_dict(torch.load(path, weights_only=True)); model.eval()


@pytest.mark.parametrize("device", devices())
def test_load_weights_restores_every_tensor_exactly(impl, ref, tmp_path: Path, device: str) -> None:
    source, target = _model(ref, device), _model(ref, device)
    torch.save(source.state_dict(), tmp_path / "weights.pth")
    impl.load_weights(target, tmp_path / "weights.pth")
    _check_same_state(
        target,
        source.state_dict(),
        what="model",
        where=WHERE_WEIGHTS,
        repro="torch.save(a.state_dict(), 'w.pth'); load_weights(b, 'w.pth')",
    )
    for name, tensor in target.state_dict().items():
        check_equal(
            tensor.device,
            torch.device(source.state_dict()[name].device),
            where=WHERE_WEIGHTS,
            what=f"model.state_dict()[{name!r}].device after load_weights",
        )


@pytest.mark.parametrize("device", devices())
def test_load_weights_restores_buffers(impl, tmp_path: Path, device: str) -> None:
    source, target = _batchnorm_net(device), _BatchNormNet().to(device)
    torch.save(source.state_dict(), tmp_path / "weights.pth")
    impl.load_weights(target, tmp_path / "weights.pth")
    _check_same_state(
        target,
        source.state_dict(),
        what="model",
        where=WHERE_WEIGHTS,
        repro="load_weights(nn.Sequential(nn.Linear(11, 7), nn.BatchNorm1d(7)), 'w.pth')",
    )


@pytest.mark.parametrize("device", devices())
def test_load_weights_returns_the_model_it_was_given(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device)
    torch.save(model.state_dict(), tmp_path / "weights.pth")
    out = impl.load_weights(model, tmp_path / "weights.pth")
    check_is(
        out, model, what="load_weights(model, path)", where=WHERE_WEIGHTS, repro="load_weights(model, 'w.pth') is model"
    )


@pytest.mark.parametrize("device", devices())
def test_load_weights_returns_the_model_in_eval_mode(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device).train()
    torch.save(model.state_dict(), tmp_path / "weights.pth")
    out = impl.load_weights(model, tmp_path / "weights.pth")
    check(
        isinstance(out, nn.Module) and not _in_training(out),
        what="modules in training mode after load_weights",
        actual=_in_training(out) if isinstance(out, nn.Module) else out,
        expected="[]: return model.eval() (setting model.training = False does not reach the submodules)",
        where=WHERE_WEIGHTS,
        repro="load_weights(model.train(), 'w.pth').training",
    )


@pytest.mark.parametrize("device", devices())
def test_load_weights_keeps_parameters_trainable(impl, ref, tmp_path: Path, device: str) -> None:
    """requires_grad is not in a state_dict: loading weights changes the values only, so the loaded model
    can be trained on (fine-tuning, resuming). model.requires_grad_(False) "for inference" breaks that;
    eval mode and torch.no_grad() at prediction time are what inference needs."""
    model = _model(ref, device)
    torch.save(model.state_dict(), tmp_path / "weights.pth")
    impl.load_weights(model, tmp_path / "weights.pth")
    frozen = [name for name, param in model.named_parameters() if not param.requires_grad]
    check_equal(
        frozen,
        [],
        what="parameters with requires_grad=False after load_weights",
        where=WHERE_WEIGHTS,
        repro="load_weights(model, 'w.pth'); [p.requires_grad for p in model.parameters()]",
    )


@pytest.mark.parametrize("mismatch", ["another architecture", "a missing key", "an unexpected key"])
@pytest.mark.parametrize("device", devices())
def test_load_weights_rejects_missing_and_unexpected_keys(
    impl, ref, tmp_path: Path, mismatch: str, device: str
) -> None:
    """Strict loading: a state_dict that does not fit the model raises (any error: load_state_dict's
    RuntimeError names the keys at fault, a learner's own check may say it otherwise).

    The page says load_state_dict(state_dict, strict=True/False); strict=False would quietly keep the
    random initial weights of every missing key, and dropping the keys the model lacks (a "partial
    load") would quietly accept another model's file.
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
    check_raises(
        REFUSALS,
        lambda: impl.load_weights(model, tmp_path / "weights.pth"),
        what=f"load_weights of a state_dict with {mismatch} (load_state_dict(..., strict=True) raises)",
        where=WHERE_WEIGHTS,
        repro=repro,
    )


@pytest.mark.parametrize("device", devices())
def test_load_weights_rejects_a_tensor_of_another_shape(impl, ref, tmp_path: Path, device: str) -> None:
    """The right keys, but the last bias has shape (1,) instead of (10,): load_state_dict raises "size
    mismatch" (strict or not). Copying by hand with `param.copy_(saved)` broadcasts the one value into
    all ten instead, and `param.data = saved` swaps in a tensor of the wrong shape."""
    model = _model(ref, device)
    state = model.state_dict()
    state["linear_relu_stack.4.bias"] = make_tensor((1,), device=device)
    torch.save(state, tmp_path / "weights.pth")
    check_raises(
        REFUSALS,
        lambda: impl.load_weights(model, tmp_path / "weights.pth"),
        where=WHERE_WEIGHTS,
        what="load_weights of a state_dict whose 'linear_relu_stack.4.bias' has shape (1,), not (10,)",
        repro="load_weights(NeuralNetwork(), 'w.pth')  # w.pth: the last bias of shape (1,)",
    )


@pytest.mark.parametrize("device", devices())
def test_load_weights_refuses_code_execution(impl, ref, tmp_path: Path, device: str) -> None:
    """A poisoned checkpoint (a state_dict plus one object whose unpickling runs code) is refused unread.

    load_weights with torch.load(..., weights_only=False) runs the payload (here: it creates a
    directory) before load_state_dict can complain about the extra key.
    """
    model = _model(ref, device)
    marker = tmp_path / "pwned"
    checkpoints.write_poisoned_checkpoint(tmp_path / "weights.pth", model.state_dict(), marker)
    repro = "load_weights(model, 'poisoned.pth')  # the file's pickle calls os.mkdir"
    try:
        impl.load_weights(model, tmp_path / "weights.pth")
        raised: BaseException | None = None
    except NotImplementedError:  # a stub (a RuntimeError too): not implemented, not a refusal
        raise
    except REFUSALS as exc:
        raised = exc
    check(
        not marker.exists(),
        what="the poisoned file's code",
        actual="ran (it created the marker directory)",
        expected="never run: torch.load(path, weights_only=True)",
        where=WHERE_SAFETY,
        repro=repro,
    )
    check(
        raised is not None,
        what="load_weights(model, poisoned file)",
        actual="returned without an error",
        expected="an error (pickle.UnpicklingError from weights-only loading)",
        where=WHERE_SAFETY,
        repro=repro,
    )


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
    check_raises(
        DAMAGED,
        lambda: impl.load_weights(model, path),
        what=f"load_weights of a {damage} file",
        where=WHERE_WEIGHTS,
        repro=f"load_weights(model, 'w.pth')  # w.pth: {damage}",
    )


@pytest.mark.gpu
@pytest.mark.parametrize(("saved_on", "loaded_on"), [("cuda", "cpu"), ("cpu", "cuda")])
def test_load_weights_moves_weights_across_devices(impl, ref, tmp_path: Path, saved_on: str, loaded_on: str) -> None:
    source, target = _model(ref, saved_on), _model(ref, loaded_on)
    torch.save(source.state_dict(), tmp_path / "weights.pth")
    out = impl.load_weights(target, tmp_path / "weights.pth")
    _check_same_state(
        target,
        source.state_dict(),
        what="model",
        where=WHERE_WEIGHTS,
        repro=f"load_weights(model.to('{loaded_on}'), 'w.pth')  # saved on {saved_on}",
    )
    check_equal(
        {p.device.type for p in out.parameters()},
        {loaded_on},
        where=WHERE_WEIGHTS,
        what="devices of the returned model's parameters",
    )


def _check_same_outputs(loaded: nn.Module, source: nn.Module, *, what: str, where: str, repro: str) -> None:
    """loaded(x) == source(x) bit for bit, both in eval mode, on source's device."""
    __tracebackhide__ = True
    check(
        isinstance(loaded, nn.Module),
        what=what.removesuffix(" (x)"),
        actual=loaded,
        expected="a torch.nn.Module",
        where=where,
        repro=repro,
    )
    device = next(source.parameters()).device
    loaded.to(device)  # a loader may map to the CPU; on one device the results are bitwise equal
    x = make_tensor((7, 1, 28, 28), device=device, low=0.0, high=1.0)
    with torch.no_grad():
        check_tensor_equal(loaded.eval()(x), source.eval()(x), what=what, where=where, repro=repro)


def _shared_parameters(a: nn.Module, b: nn.Module) -> list[str]:
    """Names of a's parameters whose memory b uses too (two models that would train each other)."""
    theirs = {param.data_ptr() for param in b.parameters()}
    return [name for name, param in a.named_parameters() if param.data_ptr() in theirs]


@pytest.mark.parametrize("device", devices())
def test_save_weights_round_trips_through_the_reference_load(impl, ref, tmp_path: Path, device: str) -> None:
    """save_weights alone, read back by the reference's load_weights: two models saved in turn to one path
    (the second save replaces the first: a checkpoint per epoch)."""
    path = tmp_path / "weights.pth"
    for k, source in enumerate((_model(ref, device), _model(ref, device)), start=1):
        impl.save_weights(source, path)
        check_equal(
            {p.device.type for p in source.parameters()},
            {device},
            where=WHERE_WEIGHTS,
            what="devices of the model's parameters after save_weights (it must not move the model)",
        )
        repro = "save_weights(a, 'w.pth'); save_weights(b, 'w.pth'); load_weights(NeuralNetwork(), 'w.pth')"
        loaded = result_or_error(lambda: ref.load_weights(_model(ref, device), path))
        check(
            not isinstance(loaded, Exception),
            what=f"the reference's load_weights of the file saved {k}.",
            actual=f"{type(loaded).__name__}: {str(loaded)[:300]}",
            expected="the weights: torch.save(model.state_dict(), path)",
            where=WHERE_WEIGHTS,
            repro=repro,
        )
        _check_same_state(
            loaded,
            source.state_dict(),
            what=f"the model saved {k}. to the same path, loaded",
            where=WHERE_WEIGHTS + ": each save writes the model given",
            repro=repro,
        )
        _check_same_outputs(loaded, source, what=f"model saved {k}., loaded, (x)", where=WHERE_WEIGHTS, repro=repro)


@pytest.mark.parametrize("device", devices())
def test_load_weights_round_trips_from_the_reference_save(impl, ref, tmp_path: Path, device: str) -> None:
    """load_weights alone, of files the reference's save_weights wrote: two models saved in turn to one path,
    each loaded into its own model; the two loaded models share nothing."""
    path = tmp_path / "weights.pth"
    sources, targets = (_model(ref, device), _model(ref, device)), (_model(ref, device), _model(ref, device))
    repro = "save_weights(a, 'w.pth'); load_weights(m1, 'w.pth'); save_weights(b, 'w.pth'); load_weights(m2, 'w.pth')"
    for k, (source, target) in enumerate(zip(sources, targets), start=1):
        ref.save_weights(source, path)
        impl.load_weights(target, path)
        _check_same_state(
            target,
            source.state_dict(),
            what=f"model {k} after load_weights",
            repro=repro,
            where=WHERE_WEIGHTS + ": read the file each time (it may have been saved again)",
        )
        _check_same_outputs(target, source, what=f"model {k} loaded, (x)", where=WHERE_WEIGHTS, repro=repro)
    _check_same_state(
        targets[0],
        sources[0].state_dict(),
        what="model 1 after model 2 was loaded",
        repro=repro,
        where=WHERE_WEIGHTS + ": load_state_dict copies into the model's own tensors",
    )
    check_equal(
        _shared_parameters(targets[0], targets[1]),
        [],
        what="parameters models 1 and 2 share after loading",
        where=WHERE_WEIGHTS,
        repro=repro,
    )


# ---------------------------------------------------------------------------------------------
# save_model / load_model (1.9.2): the whole pickled module; trusted files only


@pytest.mark.parametrize("device", devices())
def test_save_model_writes_the_whole_module(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device)
    impl.save_model(model, tmp_path / "model.pth")
    repro = "save_model(model, 'm.pth'); torch.load('m.pth', weights_only=False)"
    loaded = result_or_error(
        lambda: torch.load(tmp_path / "model.pth", weights_only=False)
    )  # trusted: this test wrote it
    check(
        not isinstance(loaded, Exception),
        what="torch.load(file of save_model, weights_only=False)",
        actual=f"{type(loaded).__name__}: {loaded}",
        expected="the model: torch.save(model, path)",
        where=WHERE_MODEL,
        repro=repro,
    )
    check_equal(
        type(loaded), type(model), what="type of torch.load(file of save_model)", where=WHERE_MODEL, repro=repro
    )
    _check_same_state(loaded, model.state_dict(), what="loaded", where=WHERE_MODEL, repro=repro)


@pytest.mark.parametrize("device", devices())
def test_save_model_leaves_the_model_in_training_mode(impl, ref, tmp_path: Path, device: str) -> None:
    """Saving pickles the module as it is and changes nothing: torch.save(model.eval(), path) would turn
    the caller's model to eval mode for the rest of its training (load_model sets eval on its own copy)."""
    _check_saving_keeps_training_mode(
        impl.save_model,
        _model(ref, device),
        tmp_path / "model.pth",
        where=WHERE_MODEL + ": torch.save(model, path) alone, no model.eval()",
    )


@pytest.mark.parametrize("device", devices())
def test_load_model_restores_the_whole_module(impl, ref, tmp_path: Path, device: str) -> None:
    """The file the page writes with torch.save(model, path). The page's `torch.load(path)` now raises."""
    model = _model(ref, device)
    torch.save(model, tmp_path / "model.pth")
    repro = "torch.save(model, 'm.pth'); load_model('m.pth')"
    loaded = _load_model(impl, tmp_path / "model.pth", repro=repro)
    check_equal(type(loaded), type(model), what="type of load_model(path)", where=WHERE_MODEL, repro=repro)
    _check_same_state(loaded, model.state_dict(), what="loaded", where=WHERE_MODEL, repro=repro)


@pytest.mark.parametrize("device", devices())
def test_load_model_returns_the_model_in_eval_mode(impl, ref, tmp_path: Path, device: str) -> None:
    torch.save(_model(ref, device).train(), tmp_path / "model.pth")
    loaded = _load_model(impl, tmp_path / "model.pth", repro="load_model('m.pth').training")
    check(
        isinstance(loaded, nn.Module) and not _in_training(loaded),
        what="modules in training mode after load_model",
        actual=_in_training(loaded) if isinstance(loaded, nn.Module) else loaded,
        expected="[]: return model.eval()",
        where=WHERE_MODEL,
        repro="load_model('m.pth').training",
    )


@pytest.mark.parametrize("device", devices())
def test_load_model_keeps_parameters_trainable(impl, ref, tmp_path: Path, device: str) -> None:
    """The unpickled module is the one that was saved, requires_grad included: it can be trained on.
    Freezing it "for inference" is no part of loading (eval mode and torch.no_grad() are)."""
    torch.save(_model(ref, device), tmp_path / "model.pth")
    loaded = _load_model(impl, tmp_path / "model.pth", repro="load_model('m.pth').parameters()")
    frozen = (
        [name for name, param in loaded.named_parameters() if not param.requires_grad]
        if isinstance(loaded, nn.Module)
        else loaded
    )
    check_equal(
        frozen,
        [],
        what="parameters with requires_grad=False after load_model",
        where=WHERE_MODEL,
        repro="[p.requires_grad for p in load_model('m.pth').parameters()]",
    )


@pytest.mark.parametrize("device", devices())
def test_save_model_round_trips_through_the_reference_load(impl, ref, tmp_path: Path, device: str) -> None:
    """save_model alone, read back by the reference's load_model: two models saved in turn to one path."""
    path = tmp_path / "model.pth"
    for k, model in enumerate((_model(ref, device), _model(ref, device)), start=1):
        impl.save_model(model, path)
        repro = "save_model(a, 'm.pth'); save_model(b, 'm.pth'); load_model('m.pth')(x) == b(x)"
        loaded = result_or_error(lambda: ref.load_model(path))  # trusted: this test wrote it
        check(
            not isinstance(loaded, Exception),
            what=f"the reference's load_model of the file saved {k}.",
            actual=f"{type(loaded).__name__}: {str(loaded)[:300]}",
            expected="the model: torch.save(model, path)",
            where=WHERE_MODEL,
            repro=repro,
        )
        check_equal(
            type(loaded), type(model), what=f"type of the model saved {k}., loaded", where=WHERE_MODEL, repro=repro
        )
        _check_same_outputs(
            loaded,
            model,
            what=f"model saved {k}. to the same path, loaded, (x)",
            repro=repro,
            where=WHERE_MODEL + ": each save writes the model given",
        )


@pytest.mark.parametrize("device", devices())
def test_load_model_round_trips_from_the_reference_save(impl, ref, tmp_path: Path, device: str) -> None:
    """load_model alone, of files the reference's save_model wrote: each load unpickles a new model (two loads
    of one file share nothing), and a path saved again loads the new model."""
    path = tmp_path / "model.pth"
    repro = (
        "save_model(a, 'm.pth'); load_model('m.pth'); load_model('m.pth'); save_model(b, 'm.pth'); load_model('m.pth')"
    )
    first, second = _model(ref, device), _model(ref, device)
    ref.save_model(first, path)
    once, twice = _load_model(impl, path, repro=repro), _load_model(impl, path, repro=repro)
    for k, loaded in enumerate((once, twice), start=1):
        _check_same_outputs(loaded, first, what=f"load_model #{k} of the file (x)", where=WHERE_MODEL, repro=repro)
    check(
        once is not twice and not _shared_parameters(once, twice),
        what="two load_model calls of one file",
        actual="the same model" if once is twice else f"models sharing {_shared_parameters(once, twice)}",
        expected="two independent models (torch.load unpickles anew each time; no cache)",
        where=WHERE_MODEL,
        repro=repro,
    )
    ref.save_model(second, path)
    _check_same_outputs(
        _load_model(impl, path, repro=repro),
        second,
        what="load_model of the file saved again (x)",
        where=WHERE_MODEL + ": read the file each time",
        repro=repro,
    )


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
    _check_same_state(
        target,
        source.state_dict(),
        what="vgg16",
        where=WHERE_WEIGHTS,
        repro="save_weights(vgg16(), 'vgg16.pth'); load_weights(vgg16(), 'vgg16.pth')",
    )
    check_equal(_in_training(out), [], what="modules in training mode after load_weights", where=WHERE_WEIGHTS)
