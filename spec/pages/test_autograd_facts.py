"""Tutorial 1.7 Automatic Differentiation with torch.autograd: the page's claims about torch, as facts.

These check torch itself, not the implementation under test: they pin what the page teaches (and what
the Chinese translation gets wrong) so that a learner can read the behaviour off a passing test.
"""

from __future__ import annotations

import warnings

import pytest
import torch
from torch.nn import functional as F

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
WHERE_GRAPH = "tutorial 1.7.1 Tensors, Functions and Computational graph"
WHERE_GRADS = "tutorial 1.7.2 Computing Gradients"
WHERE_NO_GRAD = "tutorial 1.7.3 Disabling Gradient Tracking"
WHERE_DAG = "tutorial 1.7.4 More on Computational Graphs"
WHERE_JACOBIAN = "tutorial 1.7.4, optional: Tensor Gradients and Jacobian Products"


def _layer(device: str) -> dict[str, torch.Tensor]:
    """The tutorial's network: x = ones(5), y = zeros(3), w (5, 3) and b (3,) requiring grad; z, loss."""
    x, y = torch.ones(5, device=device), torch.zeros(3, device=device)
    w = torch.randn(5, 3, device=device, requires_grad=True)
    b = torch.randn(3, device=device, requires_grad=True)
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y)
    return {"x": x, "y": y, "w": w, "b": b, "z": z, "loss": loss}


@pytest.mark.parametrize("device", devices())
def test_fact_new_tensor_does_not_require_grad(device: str) -> None:
    """A tensor made by a factory does not require grad unless asked to (requires_grad=True or requires_grad_()).

    The translation (1.7.3) says the opposite: "默认情况下,所有张量的属性都设置为requires_grad=True" ("by
    default every tensor has requires_grad=True"). The original says that tensors WITH requires_grad=True
    track their history by default; a new tensor has requires_grad=False.
    """
    made = {
        "torch.ones(5)": torch.ones(5, device=device),
        "torch.randn(5, 3)": torch.randn(5, 3, device=device),
        "torch.tensor([1.0, 2.0])": torch.tensor([1.0, 2.0], device=device),
    }
    made["torch.ones(5) * 2"] = made["torch.ones(5)"] * 2
    for code, tensor in made.items():
        check_equal(tensor.requires_grad, False, what=f"{code}.requires_grad", where=WHERE_NO_GRAD, repro=code)


@pytest.mark.parametrize("device", devices())
def test_fact_requires_grad_can_be_set_at_creation_or_later(device: str) -> None:
    w = torch.randn(5, 3, device=device, requires_grad=True)
    x = torch.randn(5, 3, device=device)
    x.requires_grad_(True)
    check_equal(
        (w.requires_grad, x.requires_grad),
        (True, True),
        what="(torch.randn(5, 3, requires_grad=True).requires_grad, x.requires_grad_(True).requires_grad)",
        where=WHERE_GRAPH,
    )


@pytest.mark.parametrize("device", devices())
def test_fact_grad_fn_records_the_operation_that_made_a_tensor(device: str) -> None:
    layer = _layer(device)
    names = {k: type(layer[k].grad_fn).__name__ for k in ("z", "loss")}
    check(
        names["z"].startswith("AddBackward"),
        what="type(z.grad_fn).__name__",
        actual=names["z"],
        expected="AddBackward0 (z = x @ w + b ends with an addition)",
        where=WHERE_GRAPH,
        repro="z.grad_fn",
    )
    check(
        names["loss"].startswith("BinaryCrossEntropyWithLogitsBackward"),
        what="type(loss.grad_fn).__name__",
        actual=names["loss"],
        expected="BinaryCrossEntropyWithLogitsBackward0",
        where=WHERE_GRAPH,
        repro="loss.grad_fn",
    )
    check(
        layer["w"].grad_fn is None,
        what="w.grad_fn",
        actual=layer["w"].grad_fn,
        expected="None: w is a leaf made by the user, not by an operation",
        where=WHERE_GRAPH,
    )


@pytest.mark.parametrize("device", devices())
def test_fact_only_leaves_that_require_grad_get_grad(device: str) -> None:
    layer = _layer(device)
    layer["loss"].backward()
    for name in ("w", "b"):
        check(
            isinstance(layer[name].grad, torch.Tensor),
            what=f"{name}.grad after loss.backward()",
            actual=layer[name].grad,
            expected="a tensor: a leaf with requires_grad=True",
            where=WHERE_GRADS,
        )
    check(
        layer["x"].grad is None,
        what="x.grad after loss.backward()",
        actual=layer["x"].grad,
        expected="None: x does not require grad",
        where=WHERE_GRADS,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        z_grad = layer["z"].grad  # torch warns: z is not a leaf
    check(
        z_grad is None and layer["z"].is_leaf is False,
        what="(z.grad, z.is_leaf)",
        actual=(z_grad, layer["z"].is_leaf),
        expected="(None, False): z is an intermediate node, its gradient is not kept",
        where=WHERE_GRADS,
    )
    check(
        any(issubclass(w.category, UserWarning) for w in caught),
        what="warnings on reading z.grad",
        actual=[str(w.message)[:80] for w in caught],
        expected="a UserWarning that z is not a leaf",
        where=WHERE_GRADS,
    )


@pytest.mark.parametrize("device", devices())
def test_fact_second_backward_through_freed_graph_raises(device: str) -> None:
    layer = _layer(device)
    layer["loss"].backward()
    exc = check_raises(
        RuntimeError,
        lambda: layer["loss"].backward(),
        what="a second loss.backward()",
        where=f"{WHERE_GRADS}: the graph is freed unless retain_graph=True",
        repro="loss.backward(); loss.backward()",
    )
    check(
        "retain_graph" in str(exc),
        what="the error of a second loss.backward()",
        actual=str(exc)[:200],
        expected="a message that suggests retain_graph=True",
        where=WHERE_GRADS,
    )


@pytest.mark.parametrize("device", devices())
def test_fact_retain_graph_allows_a_second_backward_that_accumulates(device: str) -> None:
    layer = _layer(device)
    layer["loss"].backward(retain_graph=True)
    first = layer["w"].grad.clone()
    layer["loss"].backward()
    check_tensor(
        layer["w"].grad,
        2 * first,
        rtol=1e-6,
        atol=1e-7,
        what="w.grad after two backward calls",
        where=f"{WHERE_GRADS} and {WHERE_JACOBIAN}: gradients accumulate",
    )


@pytest.mark.parametrize("device", devices())
def test_fact_no_grad_stops_tracking(device: str) -> None:
    layer = _layer(device)
    check_equal(layer["z"].requires_grad, True, what="z.requires_grad", where=WHERE_NO_GRAD)
    with torch.no_grad():
        z = torch.matmul(layer["x"], layer["w"]) + layer["b"]
    check_equal(z.requires_grad, False, what="z.requires_grad under torch.no_grad()", where=WHERE_NO_GRAD)


@pytest.mark.parametrize("device", devices())
def test_fact_detach_gives_the_same_values_without_tracking(device: str) -> None:
    layer = _layer(device)
    z_det = layer["z"].detach()
    check_equal(z_det.requires_grad, False, what="z.detach().requires_grad", where=WHERE_NO_GRAD)
    check_tensor_equal(z_det, layer["z"], what="z.detach()", where=WHERE_NO_GRAD)
    check(
        shares_memory(z_det, layer["z"]),
        what="z.detach() shares memory with z",
        actual=False,
        expected="True: detach makes no copy (clone() does)",
        where=WHERE_NO_GRAD,
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
        check_tensor(
            w.grad, expected, rtol=1e-5, atol=1e-6, what=f"w.grad for the iteration with {n} rows", where=WHERE_DAG
        )
        graphs.append(out.grad_fn)
        w.grad = None
    check(
        graphs[0] is not graphs[1],
        what="the two iterations' grad_fn",
        actual="the same object",
        expected="different objects: a new graph per forward",
        where=WHERE_DAG,
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
    check_tensor_equal(
        grads[1],
        grads[0],
        what="w.grad after loss.backward(torch.tensor(1.0))",
        where=f"{WHERE_JACOBIAN}: same as loss.backward()",
    )


@pytest.mark.parametrize("device", devices())
def test_fact_backward_of_a_non_scalar_needs_v(device: str) -> None:
    """For a tensor output, backward(v) computes the Jacobian product v^T J; without v it raises."""
    inp = torch.eye(4, 5, device=device, requires_grad=True)
    out = (inp + 1).pow(2).t()
    check_raises(
        RuntimeError,
        lambda: out.backward(retain_graph=True),
        what="out.backward() for out of shape (5, 4)",
        where=WHERE_JACOBIAN,
        repro="(torch.eye(4, 5, requires_grad=True) + 1).pow(2).t().backward()",
    )
    out.backward(torch.ones_like(out))
    check_tensor(
        inp.grad,
        2 * (inp.detach() + 1),
        rtol=1e-6,
        atol=1e-6,
        what="inp.grad after out.backward(ones_like(out))",
        where=WHERE_JACOBIAN,
    )
