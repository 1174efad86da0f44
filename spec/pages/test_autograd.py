"""Tutorial 1.7 Automatic Differentiation with torch.autograd (使用torch.autograd进行自动微分): 1.7.1-1.7.2 one
layer's gradients, 1.7.3 disabling gradient tracking, the optional section on Jacobian products and
gradient accumulation. The page's other claims about torch are in test_autograd_facts.py.

Situations checked (issue 18):
- single_layer_grads: the tutorial's layer, zero weights (z = 0), any sizes and values in float64 (hypothesis);
  the .grad of the caller's w and b filled; a batch x (N, n_in) may be refused, and must be right if accepted.
- accumulated_grads: the tutorial's eye(4, 5); any matrix, square or not (hypothesis, so many calls in a row);
  float64 kept; three separate snapshots, none aliasing inp.grad; inp.grad left after the third backward.
- forward_without_grad: the tutorial's layer and any sizes in float64; a batch (refused, or right); x, w, b
  requiring grad or not; w and b still require grad after; the caller's grad mode on or off, restored.
Not specified, so not checked: single_layer_grads on w, b that already hold a .grad (accumulate or zero first).
"""

from __future__ import annotations

import pytest
import torch
from hypothesis import example, given
from torch.nn import functional as F

from spec.helpers import strategies
from spec.helpers.calls import Call, Tol
from spec.helpers.checks import (
    check,
    check_equal,
    check_tensor,
    check_unchanged,
    devices,
    make_tensor,
    result_or_error,
    shares_memory,
    source_of,
    unpacked,
)
from spec.helpers.random_stream import check_draws_no_random_numbers

pytestmark = pytest.mark.autograd
LAYER_TOL = Tol(rtol=1e-5, atol=1e-6)  # a float32 sigmoid and BCE against the hand-written gradients
TIGHT = Tol(rtol=1e-6, atol=1e-7)  # one matmul and add
ACCUMULATE_TOL = Tol(rtol=1e-6, atol=1e-6)

# The tutorial's one-layer network: x = torch.ones(5), y = torch.zeros(3), w = torch.randn(5, 3), b = torch.randn(3).
_generator = torch.Generator().manual_seed(0)
TUTORIAL_LAYER = (
    torch.ones(5),
    torch.zeros(3),
    torch.randn(5, 3, generator=_generator),
    torch.randn(3, generator=_generator),
)
# Zero-initialized w and b: z = 0 exactly, where a hand-written stable BCE (clamp, abs) has its kinks and
# autograd's one-sided derivatives give sigmoid(0) - y + 0.5 instead of sigmoid(0) - y.
ZERO_INIT_LAYER = (torch.ones(5), torch.zeros(3), torch.zeros(5, 3), torch.zeros(3))
# The tutorial's inp is a matrix (torch.eye); on 1-D tensors `.T`, a common spelling of `.t()`, warns.
MATRICES = strategies.grad_inputs(min_dims=2)
# A batch of 4 samples through the tutorial's layer: x (4, 5), y (4, 3).
BATCH_LAYER = (torch.ones(4, 5), torch.zeros(4, 3), *TUTORIAL_LAYER[2:])
BATCH_OF_ONE = (torch.ones(1, 5), torch.zeros(1, 3), *TUTORIAL_LAYER[2:])  # (1, 3) out, not the one sample's (3,)


def _on(device: str, x: torch.Tensor, y: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """Fresh copies on `device`; w and b become leaves that require grad, as in the tutorial."""
    copy = lambda t: t.detach().to(device, copy=True)  # noqa: E731
    return copy(x), copy(y), copy(w).requires_grad_(), copy(b).requires_grad_()


def _call(name: str, **tensors: torch.Tensor) -> Call:
    """name(x, y, w, b), after the code that makes tensors like these (made before the call runs)."""
    return Call.of(name, *tensors, setup="; ".join(f"{k} = {source_of(t)}" for k, t in tensors.items()))


def _after(call: Call, text: str) -> Call:
    """`text`, read after the call has run."""
    return call.also(call.text).named(text)


def _same_storage(call: Call, a: str, b: str) -> Call:
    """Whether a and b use one storage, with r the call's result: `r[0]` and `inp.grad`, say."""
    return call.also(f"r = {call}").named(f"{a}.untyped_storage().data_ptr() == {b}.untyped_storage().data_ptr()")


def _expected_layer(x: torch.Tensor, y: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """(loss, dL/dw, dL/db) by hand: dL/dz = (sigmoid(z) - y) / n for the mean BCE; dL/dw = outer(x, dL/dz)."""
    x, y, w, b = (t.detach() for t in (x, y, w, b))
    z = x @ w + b
    dz = (torch.sigmoid(z) - y) / z.numel()
    return F.binary_cross_entropy_with_logits(z, y), torch.outer(x, dz), dz


# ---------------------------------------------------------------------------------------------
# single_layer_grads (1.7.1, 1.7.2)


@pytest.mark.parametrize("device", devices())
@given(layer=strategies.single_layers())
@example(layer=TUTORIAL_LAYER)
def test_single_layer_loss_is_bce_with_logits_of_x_at_w_plus_b(impl, device: str, layer: tuple) -> None:
    x, y, w, b = _on(device, *layer)
    c = _call("single_layer_grads", x=x, y=y, w=w, b=b)
    loss, _, _ = unpacked(impl.single_layer_grads(x, y, w, b), 3, call=c)
    situation = "F.binary_cross_entropy_with_logits(z, y), the mean over z = x @ w + b"
    check_tensor(loss, _expected_layer(x, y, w, b)[0], call=c.at(0), tol=LAYER_TOL, situation=situation)


@pytest.mark.parametrize("device", devices())
@given(layer=strategies.single_layers())
@example(layer=TUTORIAL_LAYER)
@example(layer=ZERO_INIT_LAYER)
def test_single_layer_grads_are_the_analytic_gradients(impl, device: str, layer: tuple) -> None:
    x, y, w, b = _on(device, *layer)
    c = _call("single_layer_grads", x=x, y=y, w=w, b=b)
    _, w_grad, b_grad = unpacked(impl.single_layer_grads(x, y, w, b), 3, call=c)
    _, expected_w, expected_b = _expected_layer(x, y, w, b)
    check_tensor(w_grad, expected_w, call=c.at(1), tol=LAYER_TOL, situation="dL/dw = outer(x, (sigmoid(z) - y) / n)")
    check_tensor(b_grad, expected_b, call=c.at(2), tol=LAYER_TOL, situation="dL/db = (sigmoid(z) - y) / n")


@pytest.mark.parametrize("device", devices())
def test_single_layer_grads_fills_w_grad_and_b_grad(impl, device: str) -> None:
    """loss.backward() stores the gradients in the .grad of the leaves w and b that the caller passed in."""
    x, y, w, b = _on(device, *TUTORIAL_LAYER)
    c = _call("single_layer_grads", x=x, y=y, w=w, b=b)
    impl.single_layer_grads(x, y, w, b)
    _, expected_w, expected_b = _expected_layer(x, y, w, b)
    situation = "loss.backward() on the loss of the w and b given"
    check_tensor(w.grad, expected_w, call=_after(c, "w.grad"), tol=LAYER_TOL, situation=situation)
    check_tensor(b.grad, expected_b, call=_after(c, "b.grad"), tol=LAYER_TOL, situation=situation)


@pytest.mark.parametrize("device", devices())
def test_single_layer_grads_with_ones_input_every_row_of_w_grad_is_b_grad(impl, device: str) -> None:
    """With x = torch.ones(5), dL/dw[i] = x[i] * dL/dz = dL/db: the tutorial's printout shows 5 equal rows."""
    x, y, w, b = _on(device, *TUTORIAL_LAYER)
    c = _call("single_layer_grads", x=x, y=y, w=w, b=b)
    _, w_grad, b_grad = unpacked(impl.single_layer_grads(x, y, w, b), 3, call=c)
    check(isinstance(b_grad, torch.Tensor), call=c.at(2), actual=b_grad, expected="a tensor", kind="type")
    check_tensor(w_grad, b_grad.expand(5, 3), call=c.at(1), tol=TIGHT, situation="each row equals b.grad")


def _expected_batch(x: torch.Tensor, y: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """(loss, dL/dw, dL/db) for a batch x (N, n_in): the mean runs over all N * n_out outputs, so
    dL/dz = (sigmoid(z) - y) / (N * n_out); dL/dw = x.T @ dL/dz sums over samples, dL/db = dL/dz.sum(0)."""
    x, y, w, b = (t.detach() for t in (x, y, w, b))
    z = x @ w + b
    dz = (torch.sigmoid(z) - y) / z.numel()
    return F.binary_cross_entropy_with_logits(z, y), x.T @ dz, dz.sum(0)


@pytest.mark.parametrize("device", devices())
@given(layer=strategies.batched_single_layers())
@example(layer=BATCH_LAYER)
def test_single_layer_grads_of_a_batch_average_over_samples_and_outputs(impl, device: str, layer: tuple) -> None:
    """The page's z = torch.matmul(x, w) + b takes a batch x (N, n_in) too (as a model's layers do in 1.8):
    z is (N, n_out), the BCE is the mean over all N * n_out entries, and the gradients sum over samples.
    A function written for one sample (torch.mv(w.t(), x)) may refuse a batch with an error; what it returns
    for one must be right."""
    x, y, w, b = _on(device, *layer)
    c = _call("single_layer_grads", x=x, y=y, w=w, b=b)
    result = result_or_error(lambda: impl.single_layer_grads(x, y, w, b))
    if not isinstance(result, Exception):  # the contract is the tutorial's one sample: a batch may be refused
        result = unpacked(result, 3, call=c)
        for k, (got, want) in enumerate(zip(result, _expected_batch(x, y, w, b))):
            situation = "a batch: z = torch.matmul(x, w) + b, the mean BCE over every entry of z"
            check_tensor(got, want, call=c.at(k), tol=LAYER_TOL, situation=situation)


# ---------------------------------------------------------------------------------------------
# accumulated_grads (1.7, optional section)


@pytest.mark.parametrize("device", devices())
def test_accumulated_grads_on_tutorials_eye_4_5(impl, device: str) -> None:
    """The tutorial's printout: 4 on the diagonal and 2 elsewhere, then 8 and 4, then 4 and 2 again."""
    inp = torch.eye(4, 5, device=device, requires_grad=True)
    c = _call("accumulated_grads", inp=inp)
    results = unpacked(impl.accumulated_grads(inp), 3, call=c)
    diagonal = torch.eye(4, 5, device=device, dtype=torch.bool)
    printed = [torch.where(diagonal, 4.0, 2.0), torch.where(diagonal, 8.0, 4.0), torch.where(diagonal, 4.0, 2.0)]
    labels = ["after the first backward", "after the second (accumulated)", "after zeroing and a third"]
    for k, (got, expected, label) in enumerate(zip(results, printed, labels)):
        check_tensor(got, expected, call=c.at(k), tol=ACCUMULATE_TOL, situation=f"inp.grad {label}")


@pytest.mark.parametrize("device", devices())
@given(inp=MATRICES)
def test_accumulated_grads_first_backward_gives_2_times_inp_plus_1(impl, device: str, inp: torch.Tensor) -> None:
    inp = inp.to(device).requires_grad_()
    c = _call("accumulated_grads", inp=inp)
    first, _, _ = unpacked(impl.accumulated_grads(inp), 3, call=c)
    situation = "d/dinp of (inp + 1)^2 with v = ones"
    check_tensor(first, 2 * (inp.detach() + 1), call=c.at(0), tol=ACCUMULATE_TOL, situation=situation)


@pytest.mark.parametrize("device", devices())
@given(inp=MATRICES)
def test_accumulated_grads_second_backward_adds_to_the_first(impl, device: str, inp: torch.Tensor) -> None:
    inp = inp.to(device).requires_grad_()
    c = _call("accumulated_grads", inp=inp)
    _, second, _ = unpacked(impl.accumulated_grads(inp), 3, call=c)
    situation = "backward accumulates into .grad, so it doubles"
    check_tensor(second, 2 * (2 * (inp.detach() + 1)), call=c.at(1), tol=ACCUMULATE_TOL, situation=situation)


@pytest.mark.parametrize("device", devices())
@given(inp=MATRICES)
def test_accumulated_grads_zeroing_restarts_accumulation(impl, device: str, inp: torch.Tensor) -> None:
    inp = inp.to(device).requires_grad_()
    c = _call("accumulated_grads", inp=inp)
    _, _, third = unpacked(impl.accumulated_grads(inp), 3, call=c)
    situation = "inp.grad.zero_() before the third backward"
    check_tensor(third, 2 * (inp.detach() + 1), call=c.at(2), tol=ACCUMULATE_TOL, situation=situation)


@pytest.mark.parametrize("device", devices())
def test_accumulated_grads_keeps_the_dtype_of_inp(impl, device: str) -> None:
    """For a float64 inp, .grad and its copies are float64 (clone keeps dtype and device; a copy made into
    torch.empty(shape) or through .tolist() is float32)."""
    inp = make_tensor((4, 5), dtype=torch.float64, device=device, low=-2.0, high=2.0, requires_grad=True)
    c = _call("accumulated_grads", inp=inp)
    result = unpacked(impl.accumulated_grads(inp), 3, call=c)
    once = 2 * (inp.detach() + 1)
    for k, (got, expected) in enumerate(zip(result, (once, 2 * once, once))):
        check_tensor(got, expected, call=c.at(k), tol=Tol(rtol=1e-12, atol=1e-12), situation="inp.grad.clone()")


@pytest.mark.parametrize("device", devices())
def test_accumulated_grads_returns_three_separate_snapshots(impl, device: str) -> None:
    """inp.grad is updated in place by each backward: keep a copy (.clone()), not inp.grad or .detach() of it."""
    inp = torch.eye(4, 5, device=device, requires_grad=True)
    c = _call("accumulated_grads", inp=inp)
    results = unpacked(impl.accumulated_grads(inp), 3, call=c)
    for i in range(3):
        for j in range(i + 1, 3):
            a, b = results[i], results[j]
            check(
                not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and shares_memory(a, b)),
                call=_same_storage(c, f"r[{i}]", f"r[{j}]"),
                actual=True,
                expected="False: separate tensors, inp.grad.clone() after each backward",
            )


@pytest.mark.parametrize("device", devices())
def test_accumulated_grads_first_and_second_are_copies_not_inp_grad(impl, device: str) -> None:
    """A first result that is inp.grad itself (or a view of it) is zeroed and refilled with it, so it shows the
    right numbers only because the third backward happens to give the first's: the next backward changes it."""
    inp = torch.eye(4, 5, device=device, requires_grad=True)
    c = _call("accumulated_grads", inp=inp)
    results = unpacked(impl.accumulated_grads(inp), 3, call=c)
    for k, result in enumerate(results[:2]):
        aliased = isinstance(result, torch.Tensor) and inp.grad is not None and shares_memory(result, inp.grad)
        check(
            not aliased,
            call=_same_storage(c, f"r[{k}]", "inp.grad"),
            actual=True,
            expected="False: a copy taken when it was inp.grad, inp.grad.clone() right after that backward",
        )


@pytest.mark.parametrize("device", devices())
def test_accumulated_grads_leaves_the_last_gradient_in_inp_grad(impl, device: str) -> None:
    inp = torch.eye(4, 5, device=device, requires_grad=True)
    c = _call("accumulated_grads", inp=inp)
    impl.accumulated_grads(inp)
    situation = "backward through the inp given"
    check_tensor(inp.grad, 2 * (inp.detach() + 1), call=_after(c, "inp.grad"), tol=ACCUMULATE_TOL, situation=situation)


@pytest.mark.parametrize("device", devices())
def test_accumulated_grads_keeps_the_graph_for_the_next_backward(impl, device: str) -> None:
    inp = torch.eye(4, 5, device=device, requires_grad=True)
    c = _call("accumulated_grads", inp=inp)
    try:
        impl.accumulated_grads(inp)
        error = None
    except RuntimeError as exc:
        if "retain_graph" not in str(exc):
            raise
        error = exc
    expected = "no error: three backward passes through one graph need backward(v, retain_graph=True)"
    check(error is None, call=c, actual=error, expected=expected, kind="raised")


# ---------------------------------------------------------------------------------------------
# forward_without_grad (1.7.3)


@pytest.mark.parametrize("device", devices())
@given(layer=strategies.single_layers())
@example(layer=TUTORIAL_LAYER)
def test_forward_without_grad_equals_x_at_w_plus_b(impl, device: str, layer: tuple) -> None:
    x, _, w, b = _on(device, *layer)
    c = _call("forward_without_grad", x=x, w=w, b=b)
    check_tensor(impl.forward_without_grad(x, w, b), x @ w.detach() + b.detach(), call=c, tol=TIGHT)


@pytest.mark.parametrize("device", devices())
@given(layer=strategies.batched_single_layers())
@example(layer=BATCH_LAYER)
@example(layer=BATCH_OF_ONE)
def test_forward_without_grad_of_a_batch_is_one_row_per_sample(impl, device: str, layer: tuple) -> None:
    """x @ w + b takes a batch x (N, n_in) as well as one sample: (N, n_out), row i for sample i. A function
    written for one sample (torch.addmv) may refuse a batch with an error; what it returns for one must be right."""
    x, _, w, b = _on(device, *layer)
    c = _call("forward_without_grad", x=x, w=w, b=b)
    out = result_or_error(lambda: impl.forward_without_grad(x, w, b))
    if not isinstance(out, Exception):  # the contract is the tutorial's one sample: a batch may be refused
        check_tensor(out, x @ w.detach() + b.detach(), call=c, tol=TIGHT, situation="a batch: one row per sample")


@pytest.mark.parametrize("device", devices())
def test_forward_without_grad_result_does_not_require_grad(impl, device: str) -> None:
    x, _, w, b = _on(device, *TUTORIAL_LAYER)
    c = _call("forward_without_grad", x=x, w=w, b=b)
    out = impl.forward_without_grad(x, w, b)
    check(
        isinstance(out, torch.Tensor) and not out.requires_grad and out.grad_fn is None,
        call=c.dot("requires_grad"),
        actual=getattr(out, "requires_grad", out),
        expected="False (and grad_fn None): compute it inside `with torch.no_grad():`",
    )


@pytest.mark.parametrize("device", devices())
def test_forward_without_grad_tracks_nothing_when_x_requires_grad_too(impl, device: str) -> None:
    """Under no_grad no operand is tracked: detaching only w and b still records x's graph."""
    x, _, w, b = _on(device, *TUTORIAL_LAYER)
    x.requires_grad_()
    c = _call("forward_without_grad", x=x, w=w, b=b)
    out = impl.forward_without_grad(x, w, b)
    check(
        isinstance(out, torch.Tensor) and not out.requires_grad and out.grad_fn is None,
        call=c.dot("requires_grad"),
        actual=getattr(out, "requires_grad", out),
        expected="False (and grad_fn None): compute all of x @ w + b inside `with torch.no_grad():`",
    )


@pytest.mark.parametrize("device", devices())
def test_forward_without_grad_keeps_w_and_b_requiring_grad(impl, device: str) -> None:
    """Stopping tracking for one computation must not freeze the parameters themselves."""
    x, _, w, b = _on(device, *TUTORIAL_LAYER)
    c = _call("forward_without_grad", x=x, w=w, b=b)
    impl.forward_without_grad(x, w, b)
    after = _after(c, "(w.requires_grad, b.requires_grad)")
    check_equal(
        (w.requires_grad, b.requires_grad), (True, True), call=after, situation="the caller's tensors, unchanged"
    )


@pytest.mark.parametrize("device", devices())
def test_forward_without_grad_leaves_grad_mode_enabled(impl, device: str) -> None:
    x, _, w, b = _on(device, *TUTORIAL_LAYER)
    c = _call("forward_without_grad", x=x, w=w, b=b)
    impl.forward_without_grad(x, w, b)
    check(
        torch.is_grad_enabled(),
        call=c,
        actual={"torch.is_grad_enabled()": False},
        expected="True: `with torch.no_grad():` restores it on exit; torch.set_grad_enabled(False) does not",
        kind="state",
    )


@pytest.mark.parametrize("device", devices())
def test_forward_without_grad_keeps_a_callers_no_grad_mode(impl, device: str) -> None:
    """Called under no_grad, grad mode stays off: set_grad_enabled(True) at the end is not a restore."""
    x, _, w, b = _on(device, *TUTORIAL_LAYER)
    c = _call("forward_without_grad", x=x, w=w, b=b)
    with torch.no_grad():
        impl.forward_without_grad(x, w, b)
        after = torch.is_grad_enabled()
    check(
        not after,
        call=c.named(f"with torch.no_grad(): {c}"),
        actual={"torch.is_grad_enabled()": after},
        expected="False, as the caller had it: a `with torch.no_grad():` block restores the mode it found",
        kind="state",
    )


@pytest.mark.parametrize("name", ["single_layer_grads", "accumulated_grads", "forward_without_grad"])
def test_autograd_functions_draw_no_random_numbers(impl, name: str) -> None:
    """None of the page's three functions draws from torch's random stream or reseeds it (a torch.manual_seed
    inside makes every later "random" number of the caller's run the same, whatever seed it chose)."""
    layer = _on("cpu", *TUTORIAL_LAYER)
    x, y, w, b = layer
    tensors = {"accumulated_grads": {"inp": torch.eye(4, 5, requires_grad=True)}}.get(name)
    tensors = tensors or ({"x": x, "w": w, "b": b} if name == "forward_without_grad" else dict(zip("xywb", layer)))
    check_draws_no_random_numbers(lambda: getattr(impl, name)(*tensors.values()), call=_call(name, **tensors))


# ---------------------------------------------------------------------------------------------
# The caller's tensors: their .grad is the function's to fill, their values are not its to change

INPUTS = {  # name: the tensors it takes, in order
    "single_layer_grads": ("x", "y", "w", "b"),
    "accumulated_grads": ("inp",),
    "forward_without_grad": ("x", "w", "b"),
}


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_autograd_functions_leave_the_values_of_their_inputs_unchanged(impl, name: str) -> None:
    """The tutorial's layer and eye(4, 5): every tensor keeps its values. An in-place op on one (`w -= lr * w.grad`
    under no_grad, `x.add_(...)`, a write through `w.data`) changes the caller's layer."""
    x, y, w, b = _on("cpu", *TUTORIAL_LAYER)
    tensors = {"x": x, "y": y, "w": w, "b": b, "inp": torch.eye(4, 5, requires_grad=True)}
    args = {k: tensors[k] for k in INPUTS[name]}
    before = {k: t.detach().clone() for k, t in args.items()}
    c = _call(name, **args)
    getattr(impl, name)(*args.values())
    for k, t in args.items():
        check_unchanged(t.detach(), before[k], call=_after(c, k), name=k, hint=f"read {k}, never write to it")
