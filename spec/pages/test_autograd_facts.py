"""Tutorial 1.7 Automatic Differentiation with torch.autograd: the page's claims about torch, as facts.

These check torch itself, not the implementation under test: they pin what the page teaches (and what
the Chinese translation gets wrong) so that a learner can read the behaviour off a passing test.
"""

from __future__ import annotations

import warnings

import pytest
import torch
from torch.nn import functional as F

from spec.helpers.calls import Call, Tol
from spec.helpers.checks import (
    check,
    check_equal,
    check_raises,
    check_tensor,
    check_tensor_equal,
    devices,
    shares_memory,
)

pytestmark = pytest.mark.autograd
TIGHT = Tol(rtol=1e-6, atol=1e-7)


def fact(text: str, setup: str = "") -> Call:
    """A call of torch itself: the page's section, not a learner's function."""
    return Call("autograd", text, setup)


def _layer(device: str) -> dict[str, torch.Tensor]:
    """The tutorial's network: x = ones(5), y = zeros(3), w (5, 3) and b (3,) requiring grad; z, loss."""
    x, y = torch.ones(5, device=device), torch.zeros(3, device=device)
    w = torch.randn(5, 3, device=device, requires_grad=True)
    b = torch.randn(3, device=device, requires_grad=True)
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y)
    return {"x": x, "y": y, "w": w, "b": b, "z": z, "loss": loss}


def _on(device: str) -> str:
    """`, device='cuda'` in code that makes a tensor on that device; nothing for the cpu."""
    return f", device={device!r}" if device != "cpu" else ""


def _on_layer(text: str, device: str, more: str = "") -> Call:
    """`text` after the code of _layer(device), then `more`."""
    on = _on(device)
    setup = (
        f"x, y = torch.ones(5{on}), torch.zeros(3{on}); w = torch.randn(5, 3{on}, requires_grad=True); "
        f"b = torch.randn(3{on}, requires_grad=True); z = torch.matmul(x, w) + b; "
        "loss = F.binary_cross_entropy_with_logits(z, y)"
    )
    return fact(text, f"{setup}; {more}" if more else setup)


@pytest.mark.parametrize("device", devices())
def test_fact_new_tensor_does_not_require_grad(device: str) -> None:
    """A tensor made by a factory does not require grad unless asked to (requires_grad=True or requires_grad_()).

    The translation (1.7.3) says the opposite: "默认情况下,所有张量的属性都设置为requires_grad=True" ("by
    default every tensor has requires_grad=True"). The original says that tensors WITH requires_grad=True
    track their history by default; a new tensor has requires_grad=False.
    """
    on = _on(device)
    made = {
        f"torch.ones(5{on})": torch.ones(5, device=device),
        f"torch.randn(5, 3{on})": torch.randn(5, 3, device=device),
        f"torch.tensor([1.0, 2.0]{on})": torch.tensor([1.0, 2.0], device=device),
    }
    made[f"torch.ones(5{on}) * 2"] = made[f"torch.ones(5{on})"] * 2
    for code, tensor in made.items():
        check_equal(tensor.requires_grad, False, call=fact(f"({code}).requires_grad"))


@pytest.mark.parametrize("device", devices())
def test_fact_requires_grad_can_be_set_at_creation_or_later(device: str) -> None:
    w = torch.randn(5, 3, device=device, requires_grad=True)
    x = torch.randn(5, 3, device=device)
    x.requires_grad_(True)
    on = _on(device)
    c = fact("(w.requires_grad, x.requires_grad)", f"w = torch.randn(5, 3{on}, requires_grad=True)")
    c = c.also(f"x = torch.randn(5, 3{on}); x.requires_grad_(True)")
    check_equal((w.requires_grad, x.requires_grad), (True, True), call=c)


@pytest.mark.parametrize("device", devices())
def test_fact_grad_fn_records_the_operation_that_made_a_tensor(device: str) -> None:
    layer = _layer(device)
    names = {k: type(layer[k].grad_fn).__name__ for k in ("z", "loss")}
    check(
        names["z"].startswith("AddBackward"),
        call=_on_layer("type(z.grad_fn).__name__", device),
        actual=names["z"],
        expected="AddBackward0 (z = x @ w + b ends with an addition)",
    )
    check(
        names["loss"].startswith("BinaryCrossEntropyWithLogitsBackward"),
        call=_on_layer("type(loss.grad_fn).__name__", device),
        actual=names["loss"],
        expected="BinaryCrossEntropyWithLogitsBackward0",
    )
    leaf = "w is a leaf made by the user, not by an operation"
    check_equal(layer["w"].grad_fn, None, call=_on_layer("w.grad_fn", device), situation=leaf)


@pytest.mark.parametrize("device", devices())
def test_fact_only_leaves_that_require_grad_get_grad(device: str) -> None:
    layer = _layer(device)
    layer["loss"].backward()
    for name in ("w", "b"):
        check(
            isinstance(layer[name].grad, torch.Tensor),
            call=_on_layer(f"{name}.grad", device, "loss.backward()"),
            actual=layer[name].grad,
            expected="a tensor: a leaf with requires_grad=True",
            kind="type",
        )
    c = _on_layer("x.grad", device, "loss.backward()")
    check_equal(layer["x"].grad, None, call=c, kind="type", situation="x does not require grad")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        z_grad = layer["z"].grad  # torch warns: z is not a leaf
    situation = "z is an intermediate node: its gradient is not kept"
    check_equal((z_grad, layer["z"].is_leaf), (None, False), call=c.named("(z.grad, z.is_leaf)"), situation=situation)
    check(
        any(issubclass(w.category, UserWarning) for w in caught),
        call=c.named("z.grad"),
        actual=f"warnings {[str(w.message)[:80] for w in caught]}",
        expected="a UserWarning that z is not a leaf",
    )


@pytest.mark.parametrize("device", devices())
def test_fact_second_backward_through_freed_graph_raises(device: str) -> None:
    layer = _layer(device)
    layer["loss"].backward()
    c = _on_layer("loss.backward()", device, "loss.backward()")
    exc = check_raises(RuntimeError, lambda: layer["loss"].backward(), call=c, situation="the graph is freed")
    check(
        "retain_graph" in str(exc),
        call=c,
        actual=f"RuntimeError: {str(exc)[:200]}",
        expected="an error that suggests retain_graph=True",
    )


@pytest.mark.parametrize("device", devices())
def test_fact_retain_graph_allows_a_second_backward_that_accumulates(device: str) -> None:
    layer = _layer(device)
    layer["loss"].backward(retain_graph=True)
    first = layer["w"].grad.clone()
    layer["loss"].backward()
    c = _on_layer("w.grad", device, "loss.backward(retain_graph=True); first = w.grad.clone(); loss.backward()")
    check_tensor(layer["w"].grad, 2 * first, call=c, tol=TIGHT, situation="gradients accumulate: 2 * first")


@pytest.mark.parametrize("device", devices())
def test_fact_no_grad_stops_tracking(device: str) -> None:
    layer = _layer(device)
    check_equal(layer["z"].requires_grad, True, call=_on_layer("z.requires_grad", device))
    with torch.no_grad():
        z = torch.matmul(layer["x"], layer["w"]) + layer["b"]
    c = _on_layer("z.requires_grad", device, "with torch.no_grad(): z = torch.matmul(x, w) + b")
    check_equal(z.requires_grad, False, call=c)


@pytest.mark.parametrize("device", devices())
def test_fact_detach_gives_the_same_values_without_tracking(device: str) -> None:
    layer = _layer(device)
    z_det = layer["z"].detach()
    c = _on_layer("z.detach()", device)
    check_equal(z_det.requires_grad, False, call=c.dot("requires_grad"))
    check_tensor_equal(z_det, layer["z"], call=c)
    check(
        shares_memory(z_det, layer["z"]),
        call=c.named("z.detach().untyped_storage().data_ptr() == z.untyped_storage().data_ptr()"),
        actual=False,
        expected="True: detach makes no copy (clone() does)",
    )


@pytest.mark.parametrize("device", devices())
def test_fact_graph_is_rebuilt_at_every_forward(device: str) -> None:
    """The DAG is recreated at each forward, so control flow may change shapes and operations between iterations."""
    w = torch.randn(3, device=device, requires_grad=True)
    graphs = []
    for n in (2, 5):  # the batch size changes between iterations...
        x = torch.randn(n, 3, device=device)
        h = x @ w
        out = h.relu().sum() if n > 3 else h.sum()  # ...and so does the operation
        out.backward()
        expected = (x * (h > 0).unsqueeze(1)).sum(dim=0) if n > 3 else x.sum(dim=0)
        on = _on(device)
        setup = f"w = torch.randn(3{on}, requires_grad=True); x = torch.randn({n}, 3{on}); h = x @ w"
        c = fact("w.grad", f"{setup}; ({'h.relu()' if n > 3 else 'h'}).sum().backward()")
        check_tensor(w.grad, expected, call=c, tol=Tol(rtol=1e-5, atol=1e-6))
        graphs.append(out.grad_fn)
        w.grad = None
    check(
        graphs[0] is not graphs[1],
        call=fact("the grad_fn of each iteration's out"),
        actual="the same object",
        expected="different objects: a new graph per forward",
    )


@pytest.mark.parametrize("device", devices())
def test_fact_backward_of_a_scalar_is_backward_with_tensor_1(device: str) -> None:
    """loss.backward() is shorthand for loss.backward(torch.tensor(1.0)), for scalar outputs such as a loss."""
    w0 = torch.randn(5, 3, device=device)
    grads = []
    for gradient in (None, torch.tensor(1.0, device=device)):
        w = w0.clone().requires_grad_()
        loss = F.binary_cross_entropy_with_logits(torch.ones(5, device=device) @ w, torch.zeros(3, device=device))
        loss.backward(gradient)
        grads.append(w.grad)
    on = _on(device)
    c = fact(
        "w.grad",
        f"w = torch.randn(5, 3{on}, requires_grad=True); "
        f"loss = F.binary_cross_entropy_with_logits(torch.ones(5{on}) @ w, torch.zeros(3{on})); "
        f"loss.backward(torch.tensor(1.0{on}))",
    )
    check_tensor_equal(grads[1], grads[0], call=c, situation="the same as after loss.backward()")


@pytest.mark.parametrize("device", devices())
def test_fact_backward_of_a_non_scalar_needs_v(device: str) -> None:
    """For a tensor output, backward(v) computes the Jacobian product v^T J; without v it raises."""
    inp = torch.eye(4, 5, device=device, requires_grad=True)
    out = (inp + 1).pow(2).t()
    c = fact("out.backward()", f"inp = torch.eye(4, 5{_on(device)}, requires_grad=True); out = (inp + 1).pow(2).t()")
    check_raises(RuntimeError, lambda: out.backward(retain_graph=True), call=c, situation="out of shape (5, 4)")
    out.backward(torch.ones_like(out))
    after = c.also("out.backward(torch.ones_like(out))").named("inp.grad")
    check_tensor(inp.grad, 2 * (inp.detach() + 1), call=after, tol=Tol(rtol=1e-6, atol=1e-6))
