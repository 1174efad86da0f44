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
from spec.helpers.calls import Call
from spec.helpers.checks import (
    call_checked,
    check,
    check_equal,
    check_is,
    check_raises,
    check_tensor_equal,
    devices,
    fail,
    make_tensor,
    result_or_error,
)
from spec.helpers.random_stream import check_draws_no_random_numbers

pytestmark = pytest.mark.persistence

# What a failed weights-only or strict load may raise: torch's own errors, or a learner's clearer one
# (a KeyError for the keys that do not match, say: the page asks only that the load raise).
REFUSALS = (pickle.UnpicklingError, RuntimeError, ValueError, KeyError)
# What torch.load raises on a damaged file: RuntimeError (truncated zip), UnpicklingError (not a
# checkpoint at all), EOFError (empty); a learner may wrap them in ValueError or OSError.
DAMAGED = (RuntimeError, pickle.UnpicklingError, EOFError, ValueError, OSError)
# The files of the situations, as code to paste (the tests build the same files from the same recipe).
NET = "from reference import NeuralNetwork"  # the model the tests save and load: the reference's (scaffolding)
MISMATCHES = {
    "another architecture": f"{NET}; sd = nn.Sequential(nn.Flatten(), nn.Linear(784, 10)).state_dict()",
    "a missing key": f"{NET}; sd = NeuralNetwork().state_dict(); del sd['linear_relu_stack.4.bias']",
    "an unexpected key": (
        f"{NET}; sd = NeuralNetwork().state_dict(); sd['linear_relu_stack.6.weight'] = torch.rand(3, 10)"
    ),
}
DAMAGES = {
    "truncated": "import os; open('w.pth', 'r+b').truncate(os.path.getsize('w.pth') // 2)",
    "not a checkpoint": "open('w.pth', 'w').write('<!DOCTYPE html>...404 Not Found...')",
}
BATCHNORM_NET = "nn.Sequential(nn.Linear(11, 7), nn.BatchNorm1d(7))"
# load_weights(model, 'w.pth') of the model's own weights, as a learner can replay it.
# The code of what some checks compare, for messages: the frozen parameters, the devices of the parameters.
FROZEN = "[n for n, p in {}.named_parameters() if not p.requires_grad]"
DEVICES = "{{p.device.type for p in {}.parameters()}}"
TWO = f"{NET}; a, b = NeuralNetwork(), NeuralNetwork()"
LOAD = Call.of(
    "load_weights", "model", "'w.pth'", setup=f"{NET}; model = NeuralNetwork(); torch.save(model.state_dict(), 'w.pth')"
)


def _model(ref, device: str) -> nn.Module:
    """The tutorial's MLP on `device`, freshly initialised (each call draws new weights)."""
    return ref.NeuralNetwork().to(device)


def _batchnorm_net(device: str, *, trained: bool = True) -> nn.Module:
    """Linear + BatchNorm1d, whose state_dict holds buffers (running_mean, running_var, num_batches_tracked)
    besides the parameters; trained, its running statistics are not their initial values."""
    model = nn.Sequential(nn.Linear(11, 7), nn.BatchNorm1d(7)).to(device)
    with torch.no_grad():
        for _ in range(3 if trained else 0):
            model(make_tensor((17, 11), device=device))  # train mode: updates the running stats
    return model


def _in_training(model: nn.Module) -> list[str]:
    """Names of the modules still in training mode ("" is the model itself)."""
    return [name for name, module in model.named_modules() if module.training]


def _check_same_state(
    model: nn.Module,
    expected: Mapping[str, torch.Tensor],
    *,
    call: Call,
    check_device: bool = False,
    situation: str = "",
) -> None:
    """Every entry of `call`'s model.state_dict() equals `expected`'s, bit for bit (by default on any device)."""
    __tracebackhide__ = True
    actual = model.state_dict()
    check_equal(list(actual), list(expected), call=call.dot("state_dict().keys()"), situation=situation)
    for key, tensor in expected.items():
        entry = call.dot(f"state_dict()[{key!r}]")
        check_tensor_equal(actual[key], tensor, call=entry, check_device=check_device, situation=situation)


def _check_same_outputs(loaded: Any, source: nn.Module, *, call: Call, situation: str = "") -> None:
    """`call`'s model(x) == source(x) bit for bit, both in eval mode, on source's device."""
    __tracebackhide__ = True
    check(isinstance(loaded, nn.Module), call=call, actual=loaded, expected="a torch.nn.Module", kind="type")
    device = next(source.parameters()).device
    loaded.to(device)  # a loader may map to the CPU; on one device the results are bitwise equal
    x = make_tensor((7, 1, 28, 28), device=device, low=0.0, high=1.0)
    with torch.no_grad():
        out = loaded.eval()(x)
        x_call = call.also("x = torch.rand(7, 1, 28, 28)").then("(x)")
        check_tensor_equal(out, source.eval()(x), call=x_call, situation=situation)


def _check_eval_mode(model: Any, *, call: Call, hint: str) -> None:
    """`call` returned a model with no module left in training mode."""
    __tracebackhide__ = True
    check(isinstance(model, nn.Module), call=call, actual=model, expected="the model (an nn.Module)", kind="type")
    in_training = call.named(f"[n for n, m in {call}.named_modules() if m.training]")
    check(not _in_training(model), call=in_training, actual=_in_training(model), expected=f"[]: {hint}")


def _check_saving_keeps_training_mode(save: Callable[[nn.Module, Path], Any], model: nn.Module, path: Path) -> None:
    """save(model in train mode, path) leaves every module of the model in train mode."""
    __tracebackhide__ = True
    name = getattr(save, "__name__", "save")
    before = _in_training(model.train())
    save(model, path)
    how = "torch.save(model.state_dict(), path)" if name == "save_weights" else "torch.save(model, path)"
    check(
        _in_training(model) == before,
        call=Call(
            name,
            "[n for n, m in model.named_modules() if m.training]",
            setup=f"{NET}; model = NeuralNetwork(); {name}(model.train(), 'x.pth')",
        ),
        actual=_in_training(model),
        expected=f"{before}: {how} alone, no model.eval()",
    )


def _shared_parameters(a: nn.Module, b: nn.Module) -> list[str]:
    """Names of a's parameters whose memory b uses too (two models that would train each other)."""
    theirs = {param.data_ptr() for param in b.parameters()}
    return [name for name, param in a.named_parameters() if param.data_ptr() in theirs]


def _shared(a: str, b: str) -> str:
    """The code of _shared_parameters(a, b), for a message."""
    return f"[n for n, p in {a}.named_parameters() if p.data_ptr() in {{q.data_ptr() for q in {b}.parameters()}}]"


def _read_weights_only(path: Path, *, device: str, call: Call) -> object:
    """torch.load(path, weights_only=True); a refusal fails the test saying what the file holds instead."""
    __tracebackhide__ = True
    try:
        return torch.load(path, map_location=device, weights_only=True)
    except pickle.UnpicklingError:
        unsafe = torch.serialization.get_unsafe_globals_in_checkpoint(path)
    fail(
        call,
        actual=f"refused by weights-only loading: the file pickles {unsafe}",
        expected="a state_dict of plain tensors: torch.save(model.state_dict(), path), not the model "
        "or the bound method model.state_dict",
        kind="type",
    )


def _load_model(impl: Any, path: Path, *, call: Call) -> Any:
    """impl.load_model(path); an error (torch.load's refusal of a whole model) is a failure with the raw error below."""
    __tracebackhide__ = True
    return call_checked(
        lambda: impl.load_model(path),
        call=call,
        expected="the unpickled model: torch.load(path, weights_only=False), for files you wrote yourself "
        "(weights_only=True is torch.load's default since 2.6 and refuses the model's classes)",
    )


# ---------------------------------------------------------------------------------------------
# save_weights (1.9.1): torch.save(model.state_dict(), path)


@pytest.mark.parametrize("device", devices())
def test_save_weights_writes_a_pure_state_dict(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device)
    impl.save_weights(model, tmp_path / "w.pth")
    c = Call(
        "save_weights", "torch.load('w.pth', weights_only=True)", setup=f"{NET}; save_weights(NeuralNetwork(), 'w.pth')"
    )
    loaded = _read_weights_only(tmp_path / "w.pth", device=device, call=c)
    check(isinstance(loaded, Mapping), call=c, actual=loaded, expected="a dict (the state_dict)", kind="type")
    # The keys, in any order: load_state_dict matches them by name (a sorted dict loads as well).
    check_equal(sorted(loaded), sorted(model.state_dict()), call=c.named(f"sorted({c})"))
    for key, tensor in model.state_dict().items():
        check_tensor_equal(loaded[key], tensor, call=c.at(repr(key)))


@pytest.mark.parametrize("device", devices())
def test_save_weights_includes_buffers(impl, tmp_path: Path, device: str) -> None:
    """state_dict() holds the buffers (BatchNorm's running statistics) besides the parameters."""
    model = _batchnorm_net(device)
    impl.save_weights(model, tmp_path / "w.pth")
    c = Call(
        "save_weights",
        "torch.load('w.pth', weights_only=True)",
        setup=f"model = {BATCHNORM_NET}; model(torch.rand(17, 11)); save_weights(model, 'w.pth')",
    )
    loaded = _read_weights_only(tmp_path / "w.pth", device=device, call=c)
    buffers = [name for name, _ in model.named_buffers()]
    check(
        isinstance(loaded, Mapping) and all(name in loaded for name in buffers),
        call=c.named(f"list({c})"),
        actual=list(loaded) if isinstance(loaded, Mapping) else loaded,
        expected=f"to include the buffers {buffers}: save model.state_dict(), not named_parameters()",
    )
    for name, buffer in model.named_buffers():
        check_tensor_equal(loaded[name], buffer, call=c.at(repr(name)))


@pytest.mark.parametrize("device", devices())
def test_save_weights_leaves_the_model_in_training_mode(impl, ref, tmp_path: Path, device: str) -> None:
    """A checkpoint mid-training (after each epoch, say) must not change how training goes on: a
    model.eval() before torch.save would leave Dropout off and BatchNorm frozen for the epochs after."""
    _check_saving_keeps_training_mode(impl.save_weights, _model(ref, device), tmp_path / "w.pth")


# ---------------------------------------------------------------------------------------------
# load_weights (1.9.1): model.load_state_dict(torch.load(path, weights_only=True)); model.eval()


@pytest.mark.parametrize("device", devices())
def test_load_weights_restores_every_tensor_exactly(impl, ref, tmp_path: Path, device: str) -> None:
    source, target = _model(ref, device), _model(ref, device)
    torch.save(source.state_dict(), tmp_path / "w.pth")
    impl.load_weights(target, tmp_path / "w.pth")
    c = Call("load_weights", "b", setup=f"{TWO}; torch.save(a.state_dict(), 'w.pth'); load_weights(b, 'w.pth')")
    _check_same_state(target, source.state_dict(), call=c, check_device=True)


@pytest.mark.parametrize("device", devices())
def test_load_weights_restores_buffers(impl, tmp_path: Path, device: str) -> None:
    source, target = _batchnorm_net(device), _batchnorm_net(device, trained=False)
    torch.save(source.state_dict(), tmp_path / "w.pth")
    impl.load_weights(target, tmp_path / "w.pth")
    c = Call.of("load_weights", "b", "'w.pth'", setup=f"a, b = {BATCHNORM_NET}, {BATCHNORM_NET}; a(torch.rand(17, 11))")
    _check_same_state(target, source.state_dict(), call=c.also(f"torch.save(a.state_dict(), 'w.pth'); {c}").named("b"))


@pytest.mark.parametrize("device", devices())
def test_load_weights_returns_the_model_it_was_given(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device)
    torch.save(model.state_dict(), tmp_path / "w.pth")
    out = impl.load_weights(model, tmp_path / "w.pth")
    check_is(out, model, call=LOAD)


@pytest.mark.parametrize("device", devices())
def test_load_weights_returns_the_model_in_eval_mode(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device).train()
    torch.save(model.state_dict(), tmp_path / "w.pth")
    out = impl.load_weights(model, tmp_path / "w.pth")
    hint = "return model.eval() (setting model.training = False does not reach the submodules)"
    _check_eval_mode(out, call=LOAD.named("load_weights(model.train(), 'w.pth')"), hint=hint)


@pytest.mark.parametrize("device", devices())
def test_load_weights_keeps_parameters_trainable(impl, ref, tmp_path: Path, device: str) -> None:
    """requires_grad is not in a state_dict: loading weights changes the values only, so the loaded model
    can be trained on (fine-tuning, resuming). model.requires_grad_(False) "for inference" breaks that;
    eval mode and torch.no_grad() at prediction time are what inference needs."""
    model = _model(ref, device)
    torch.save(model.state_dict(), tmp_path / "w.pth")
    impl.load_weights(model, tmp_path / "w.pth")
    frozen = [name for name, param in model.named_parameters() if not param.requires_grad]
    check_equal(frozen, [], call=LOAD.also(str(LOAD)).named(FROZEN.format("model")))


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
    torch.save(state, tmp_path / "w.pth")
    c = Call.of("load_weights", "NeuralNetwork()", "'w.pth'", setup=f"{MISMATCHES[mismatch]}; torch.save(sd, 'w.pth')")
    strict = f"a state_dict with {mismatch}: load_state_dict(..., strict=True) raises"
    check_raises(REFUSALS, lambda: impl.load_weights(model, tmp_path / "w.pth"), call=c, situation=strict)


@pytest.mark.parametrize("device", devices())
def test_load_weights_rejects_a_tensor_of_another_shape(impl, ref, tmp_path: Path, device: str) -> None:
    """The right keys, but the last bias has shape (1,) instead of (10,): load_state_dict raises "size
    mismatch" (strict or not). Copying by hand with `param.copy_(saved)` broadcasts the one value into
    all ten instead, and `param.data = saved` swaps in a tensor of the wrong shape."""
    model = _model(ref, device)
    state = model.state_dict()
    state["linear_relu_stack.4.bias"] = make_tensor((1,), device=device)
    torch.save(state, tmp_path / "w.pth")
    setup = f"{NET}; sd = NeuralNetwork().state_dict(); sd['linear_relu_stack.4.bias'] = torch.rand(1)"
    setup += "; torch.save(sd, 'w.pth')"
    c = Call.of("load_weights", "NeuralNetwork()", "'w.pth'", setup=setup)
    check_raises(REFUSALS, lambda: impl.load_weights(model, tmp_path / "w.pth"), call=c)


@pytest.mark.parametrize("device", devices())
def test_load_weights_refuses_code_execution(impl, ref, tmp_path: Path, device: str) -> None:
    """A poisoned checkpoint (a state_dict plus one object whose unpickling runs code) is refused unread.

    load_weights with torch.load(..., weights_only=False) runs the payload (here: it creates a
    directory) before load_state_dict can complain about the extra key.
    """
    model = _model(ref, device)
    marker = tmp_path / "pwned"
    checkpoints.write_poisoned_checkpoint(tmp_path / "poisoned.pth", model.state_dict(), marker)
    c = Call.of(
        "load_weights",
        "model",
        "'poisoned.pth'",
        setup=f"{NET}; from spec.helpers.checkpoints import write_poisoned_checkpoint; model = NeuralNetwork(); "
        "write_poisoned_checkpoint('poisoned.pth', model.state_dict(), 'pwned')",
    )
    out = result_or_error(lambda: impl.load_weights(model, tmp_path / "poisoned.pth"))
    check(
        not marker.exists(),
        call=c,
        actual="ran the file's code (it created the directory 'pwned')",
        expected="refused unread: torch.load(path, weights_only=True) (unpickling an untrusted file runs its code)",
        kind="other",
    )
    if isinstance(out, Exception) and not isinstance(out, REFUSALS):
        raise out
    check(
        isinstance(out, REFUSALS),
        call=c,
        actual=out,
        expected="an error (pickle.UnpicklingError from weights-only loading)",
        kind="no_error",
    )


@pytest.mark.parametrize("damage", ["truncated", "not a checkpoint"])
@pytest.mark.parametrize("device", devices())
def test_load_weights_raises_on_a_damaged_file(impl, ref, tmp_path: Path, damage: str, device: str) -> None:
    """An interrupted copy (half a checkpoint) or a failed download (an HTML page) raises one error."""
    model = _model(ref, device)
    path = tmp_path / "w.pth"
    torch.save(model.state_dict(), path)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_text("<!DOCTYPE html>\n<html><body><h1>404 Not Found</h1></body></html>\n")
    check_raises(DAMAGED, lambda: impl.load_weights(model, path), call=LOAD.also(DAMAGES[damage]))


@pytest.mark.gpu
@pytest.mark.parametrize(("saved_on", "loaded_on"), [("cuda", "cpu"), ("cpu", "cuda")])
def test_load_weights_moves_weights_across_devices(impl, ref, tmp_path: Path, saved_on: str, loaded_on: str) -> None:
    source, target = _model(ref, saved_on), _model(ref, loaded_on)
    torch.save(source.state_dict(), tmp_path / "w.pth")
    out = impl.load_weights(target, tmp_path / "w.pth")
    c = Call(
        "load_weights", "b", setup=f"{NET}; a, b = NeuralNetwork().to({saved_on!r}), NeuralNetwork().to({loaded_on!r})"
    )
    c = c.also("torch.save(a.state_dict(), 'w.pth'); out = load_weights(b, 'w.pth')")
    _check_same_state(target, source.state_dict(), call=c)
    check_equal({p.device.type for p in out.parameters()}, {loaded_on}, call=c.named(DEVICES.format("out")))


@pytest.mark.parametrize("device", devices())
def test_save_weights_round_trips_through_the_reference_load(impl, ref, tmp_path: Path, device: str) -> None:
    """save_weights alone, read back by the reference's load_weights: two models saved in turn to one path
    (the second save replaces the first: a checkpoint per epoch)."""
    path = tmp_path / "w.pth"
    c = Call(
        "save_weights", "load_weights(NeuralNetwork(), 'w.pth')", setup=f"{TWO}; from reference import load_weights"
    )
    for name, source in zip("ab", (_model(ref, device), _model(ref, device))):
        impl.save_weights(source, path)
        c = c.also(f"save_weights({name}, 'w.pth')")
        moved = c.named(DEVICES.format(name))
        check_equal({p.device.type for p in source.parameters()}, {device}, call=moved, situation="saved, not moved")
        loaded = call_checked(
            lambda: ref.load_weights(_model(ref, device), path),
            call=c,
            expected="the weights: torch.save(model.state_dict(), path)",
        )
        _check_same_state(loaded, source.state_dict(), call=c, situation="each save writes the model given")
        _check_same_outputs(loaded, source, call=c)


@pytest.mark.parametrize("device", devices())
def test_load_weights_round_trips_from_the_reference_save(impl, ref, tmp_path: Path, device: str) -> None:
    """load_weights alone, of files the reference's save_weights wrote: two models saved in turn to one path,
    each loaded into its own model; the two loaded models share nothing."""
    path = tmp_path / "w.pth"
    sources, targets = (_model(ref, device), _model(ref, device)), (_model(ref, device), _model(ref, device))
    c = Call("load_weights", "m1", setup=f"{NET}, save_weights; a, b, m1, m2 = (NeuralNetwork() for _ in range(4))")
    for k, (source, target) in enumerate(zip(sources, targets), start=1):
        ref.save_weights(source, path)
        impl.load_weights(target, path)
        c = c.also(f"save_weights({'ab'[k - 1]}, 'w.pth'); load_weights(m{k}, 'w.pth')").named(f"m{k}")
        _check_same_state(target, source.state_dict(), call=c, situation="read the file each time: it may have changed")
        _check_same_outputs(target, source, call=c)
    copies = "load_state_dict copies into the model's own tensors"
    _check_same_state(targets[0], sources[0].state_dict(), call=c.named("m1"), situation=copies)
    check_equal(_shared_parameters(targets[0], targets[1]), [], call=c.named(_shared("m1", "m2")))


# ---------------------------------------------------------------------------------------------
# save_model / load_model (1.9.2): the whole pickled module; trusted files only


@pytest.mark.parametrize("device", devices())
def test_save_model_writes_the_whole_module(impl, ref, tmp_path: Path, device: str) -> None:
    model = _model(ref, device)
    impl.save_model(model, tmp_path / "m.pth")
    c = Call(
        "save_model", "torch.load('m.pth', weights_only=False)", setup=f"{NET}; save_model(NeuralNetwork(), 'm.pth')"
    )
    loaded = call_checked(  # trusted: this test wrote it
        lambda: torch.load(tmp_path / "m.pth", weights_only=False),
        call=c,
        expected="the model: torch.save(model, path)",
    )
    check_equal(type(loaded), type(model), call=c.named(f"type({c})"), kind="type")
    _check_same_state(loaded, model.state_dict(), call=c)


@pytest.mark.parametrize("device", devices())
def test_save_model_leaves_the_model_in_training_mode(impl, ref, tmp_path: Path, device: str) -> None:
    """Saving pickles the module as it is and changes nothing: torch.save(model.eval(), path) would turn
    the caller's model to eval mode for the rest of its training (load_model sets eval on its own copy)."""
    _check_saving_keeps_training_mode(impl.save_model, _model(ref, device), tmp_path / "m.pth")


@pytest.mark.parametrize("device", devices())
def test_load_model_restores_the_whole_module(impl, ref, tmp_path: Path, device: str) -> None:
    """The file the page writes with torch.save(model, path). The page's `torch.load(path)` now raises."""
    model = _model(ref, device)
    torch.save(model, tmp_path / "m.pth")
    c = Call.of("load_model", "'m.pth'", setup=f"{NET}; model = NeuralNetwork(); torch.save(model, 'm.pth')")
    loaded = _load_model(impl, tmp_path / "m.pth", call=c)
    check_equal(type(loaded), type(model), call=c.named(f"type({c})"), kind="type")
    _check_same_state(loaded, model.state_dict(), call=c)


@pytest.mark.parametrize("device", devices())
def test_load_model_returns_the_model_in_eval_mode(impl, ref, tmp_path: Path, device: str) -> None:
    torch.save(_model(ref, device).train(), tmp_path / "m.pth")
    c = Call.of("load_model", "'m.pth'", setup=f"{NET}; torch.save(NeuralNetwork().train(), 'm.pth')")
    _check_eval_mode(_load_model(impl, tmp_path / "m.pth", call=c), call=c, hint="return model.eval()")


@pytest.mark.parametrize("device", devices())
def test_load_model_keeps_parameters_trainable(impl, ref, tmp_path: Path, device: str) -> None:
    """The unpickled module is the one that was saved, requires_grad included: it can be trained on.
    Freezing it "for inference" is no part of loading (eval mode and torch.no_grad() are)."""
    torch.save(_model(ref, device), tmp_path / "m.pth")
    c = Call.of("load_model", "'m.pth'", setup=f"{NET}; torch.save(NeuralNetwork(), 'm.pth')")
    loaded = _load_model(impl, tmp_path / "m.pth", call=c)
    frozen = (
        [name for name, param in loaded.named_parameters() if not param.requires_grad]
        if isinstance(loaded, nn.Module)
        else loaded
    )
    check_equal(frozen, [], call=c.named(FROZEN.format(c)))


@pytest.mark.parametrize("device", devices())
def test_save_model_round_trips_through_the_reference_load(impl, ref, tmp_path: Path, device: str) -> None:
    """save_model alone, read back by the reference's load_model: two models saved in turn to one path."""
    path = tmp_path / "m.pth"
    c = Call("save_model", "load_model('m.pth')", setup=f"{TWO}; from reference import load_model")
    for name, model in zip("ab", (_model(ref, device), _model(ref, device))):
        impl.save_model(model, path)
        c = c.also(f"save_model({name}, 'm.pth')")
        loaded = call_checked(  # trusted: this test wrote it
            lambda: ref.load_model(path), call=c, expected="the model: torch.save(model, path)"
        )
        check_equal(type(loaded), type(model), call=c.named(f"type({c})"), kind="type")
        _check_same_outputs(loaded, model, call=c, situation="each save writes the model given")


@pytest.mark.parametrize("device", devices())
def test_load_model_round_trips_from_the_reference_save(impl, ref, tmp_path: Path, device: str) -> None:
    """load_model alone, of files the reference's save_model wrote: each load unpickles a new model (two loads
    of one file share nothing), and a path saved again loads the new model."""
    path = tmp_path / "m.pth"
    first, second = _model(ref, device), _model(ref, device)
    ref.save_model(first, path)
    c = Call.of(
        "load_model",
        "'m.pth'",
        setup=f"{NET}, save_model; a, b = NeuralNetwork(), NeuralNetwork(); save_model(a, 'm.pth')",
    )
    once, twice = _load_model(impl, path, call=c), _load_model(impl, path, call=c)
    both = c.also("m1, m2 = load_model('m.pth'), load_model('m.pth')")
    for k, loaded in enumerate((once, twice), start=1):
        _check_same_outputs(loaded, first, call=both.named(f"m{k}"))
    check(
        once is not twice and not _shared_parameters(once, twice),
        call=both.named(f"m1 is m2 or {_shared('m1', 'm2')}"),
        actual="the same model" if once is twice else f"models sharing {_shared_parameters(once, twice)}",
        expected="two independent models (torch.load unpickles anew each time; no cache)",
    )
    ref.save_model(second, path)
    again = both.also("save_model(b, 'm.pth')")
    _check_same_outputs(_load_model(impl, path, call=again), second, call=again, situation="read the file each time")


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
    c = Call.of(
        "load_weights",
        "b",
        "'vgg16.pth'",
        setup="from torchvision.models import vgg16; a, b = vgg16(), vgg16(); save_weights(a, 'vgg16.pth')",
    )
    _check_same_state(target, source.state_dict(), call=c.also(str(c)).named("b"))
    _check_eval_mode(out, call=c, hint="return model.eval()")


@pytest.mark.parametrize("name", ["save_weights", "load_weights", "save_model", "load_model"])
def test_saving_and_loading_draw_no_random_numbers(impl, ref, tmp_path: Path, name: str) -> None:
    """Saving and loading draw nothing from torch's random stream and never reseed it: a training run that saves a
    checkpoint every epoch goes on with the same random numbers as one that does not."""
    model, path = _model(ref, "cpu"), tmp_path / "model.pth"
    (ref.save_weights if name.endswith("weights") else ref.save_model)(model, path)
    run = {
        "save_weights": lambda: impl.save_weights(model, path),
        "load_weights": lambda: impl.load_weights(model, path),
        "save_model": lambda: impl.save_model(model, path),
        "load_model": lambda: impl.load_model(path),
    }[name]
    args = "path" if name == "load_model" else "model, path"
    call = Call.of(name, args, setup=f"model = NeuralNetwork(); path = {str(path)!r}")
    check_draws_no_random_numbers(run, call=call)


def test_load_weights_reads_the_file_it_is_given_on_each_call(impl, ref, tmp_path: Path) -> None:
    """Two checkpoints loaded one after the other into one model (a later epoch's, then the best one's): the model
    ends with the second file's weights. A result kept by id(model) or by path returns the first load's model."""
    first, second, target = _model(ref, "cpu"), _model(ref, "cpu"), _model(ref, "cpu")
    torch.save(first.state_dict(), tmp_path / "epoch1.pth")
    torch.save(second.state_dict(), tmp_path / "epoch2.pth")
    impl.load_weights(target, tmp_path / "epoch1.pth")
    impl.load_weights(target, tmp_path / "epoch2.pth")
    saves = "torch.save(a.state_dict(), 'epoch1.pth'); torch.save(b.state_dict(), 'epoch2.pth')"
    setup = f"{TWO}; c = NeuralNetwork(); {saves}"
    c = Call("load_weights", "c", setup=f"{setup}; load_weights(c, 'epoch1.pth'); load_weights(c, 'epoch2.pth')")
    _check_same_state(target, second.state_dict(), call=c, situation="the second file's weights, loaded last")
