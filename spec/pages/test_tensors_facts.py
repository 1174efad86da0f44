"""Tutorial 1.3 Tensors (tensor): the page's claims about torch itself, as facts; also the quickstart's (1.2)
remark on flatten, which is about tensors.

These check torch, not the implementation under test: they pin what the page teaches, and where the Chinese
translation is wrong the docstring quotes the text and says what is true.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from spec.helpers import strategies
from spec.helpers.calls import Call, Tol
from spec.helpers.checks import (
    check,
    check_equal,
    check_is,
    check_raises,
    check_tensor,
    check_tensor_equal,
    devices,
    make_counting_matrix,
    make_tensor,
)

pytestmark = pytest.mark.tensors


def fact(text: str, setup: str = "") -> Call:
    """A call of torch itself, as the Tensors page teaches it: the failure names the page."""
    return Call("tensors", text, setup)


# ---------------------------------------------------------------------------------------------
# 1.3: "we use tensors to encode the inputs and outputs of a model, as well as the model's parameters"


@pytest.mark.parametrize("device", devices())
def test_fact_model_inputs_outputs_and_parameters_are_tensors(device: str) -> None:
    """Inputs, outputs and parameters are all tensors; parameters are tracked for autograd."""
    layer = torch.nn.Linear(5, 3).to(device)
    x = make_tensor((4, 5), device=device)
    c = fact("layer", setup="layer = torch.nn.Linear(5, 3); x = torch.rand(4, 5)")
    for text, t in (("x", x), ("layer(x)", layer(x)), ("layer.weight", layer.weight), ("layer.bias", layer.bias)):
        check(isinstance(t, torch.Tensor), call=c.named(f"type({text})"), actual=type(t), expected="a torch.Tensor")
    situation = "tensors are optimized for automatic differentiation"
    check_equal(layer.weight.requires_grad, True, call=c.dot("weight.requires_grad"), situation=situation)


# ---------------------------------------------------------------------------------------------
# 1.3.1 and 1.3.3: shapes and the default device


@given(shape=strategies.shapes(max_dims=4), maker=st.sampled_from([torch.rand, torch.ones, torch.zeros]))
@pytest.mark.parametrize("device", devices())
def test_fact_shape_tuple_sets_the_dimensions_of_the_output(device: str, shape: tuple[int, ...], maker) -> None:
    """torch.rand/ones/zeros(shape) give a tensor of exactly those dimensions.

    The text says "shape是一个tensor的元组" ("shape is a tuple of tensors"): shape is a tuple of ints,
    the tensor's dimensions, and t.shape (a torch.Size) is itself such a tuple.
    """
    out = maker(shape, device=device)
    c = fact(f"torch.{maker.__name__}({shape}, device={device!r}).shape")
    ints = isinstance(out.shape, tuple) and all(type(side) is int for side in out.shape)
    check(ints, call=c, actual=out.shape, expected="a tuple of ints")
    check_equal(tuple(out.shape), shape, call=c)


def test_fact_tensors_are_created_on_the_cpu_by_default() -> None:
    made = {
        "torch.ones(5, 3)": torch.ones(5, 3),
        "torch.tensor([[1, 2]])": torch.tensor([[1, 2]]),
        "torch.rand(2, 3)": torch.rand(2, 3),
        "torch.from_numpy(np.ones(3))": torch.from_numpy(np.ones(3)),
    }
    for text, t in made.items():
        check_equal(t.device, torch.device("cpu"), call=fact(f"{text}.device"))


@pytest.mark.parametrize("device", devices())
def test_fact_to_copies_only_across_devices(device: str) -> None:
    """t.to(its own device) is t itself; t.to(another device) is a copy there ("expensive in time and memory")."""
    t = torch.arange(15.0).view(5, 3)
    c = fact(f"t.to({device!r})", setup="t = torch.arange(15.).view(5, 3)")
    check_is(t.to("cpu"), t, call=c.named("t.to('cpu')"))
    moved = t.to(device)
    check_equal(moved.device.type, device, call=c.dot("device.type"), kind="device")
    check_tensor_equal(moved.cpu(), t, call=c.dot("cpu()"))
    check_equal(moved is t, device == "cpu", call=c.then(" is t"))


def test_fact_rand_like_of_an_integer_tensor_needs_a_float_dtype() -> None:
    """Why the tutorial writes torch.rand_like(x_data, dtype=torch.float): x_data is int64, and uniform random
    numbers exist only for floating dtypes, while ones_like keeps int64 ("unless explicitly overridden")."""
    x_data = torch.tensor([[1, 2], [3, 4]])
    c = fact("torch.rand_like(x_data)", setup="x_data = torch.tensor([[1, 2], [3, 4]])")
    check_equal(torch.ones_like(x_data).dtype, torch.int64, call=c.named("torch.ones_like(x_data).dtype"))
    check_raises((NotImplementedError, RuntimeError), lambda: torch.rand_like(x_data), call=c)
    dtype = torch.rand_like(x_data, dtype=torch.float).dtype
    check_equal(dtype, torch.float32, call=c.named("torch.rand_like(x_data, dtype=torch.float).dtype"))


# ---------------------------------------------------------------------------------------------
# 1.3.3 Operations: indexing, joining, arithmetic, in-place


@pytest.mark.parametrize("device", devices())
def test_fact_slicing_keeps_or_drops_the_last_dimension(device: str) -> None:
    """a[:, :, :2] keeps three dimensions, a[:, :, 2] drops the last one.

    The text writes "b=a[;, ;, ;number]与b=a[;, ;, number]": Python slices use colons, and semicolons are
    a syntax error. It says a[:, :, 2] "keeps only column 2"; the result is (3, 3), the last dimension is gone.
    """
    for shape in ((3, 3, 3), (3, 5, 7)):
        a = torch.arange(shape[0] * shape[1] * shape[2], device=device).view(shape)
        c = fact("a[:, :, 2]", setup=f"a = torch.arange({a.numel()}).view{shape}")
        check_equal(tuple(a[:, :, :2].shape), shape[:2] + (2,), call=c.named("a[:, :, :2].shape"))
        check_equal(tuple(a[:, :, 2].shape), shape[:2], call=c.dot("shape"))
        check_tensor_equal(a[:, :, 2], a[..., 2:3].squeeze(-1), call=c)


@pytest.mark.parametrize("device", devices())
def test_fact_stack_adds_a_dimension_where_cat_joins_an_existing_one(device: str) -> None:
    """The text's "see also torch.stack, subtly different from torch.cat"."""
    t = make_counting_matrix((4, 5), device=device)
    c = fact("torch.stack([t] * 3)", setup="t = torch.arange(20.).view(4, 5)")
    check_equal(tuple(torch.stack([t] * 3).shape), (3, 4, 5), call=c.dot("shape"))
    check_equal(tuple(torch.cat([t] * 3).shape), (12, 5), call=c.named("torch.cat([t] * 3).shape"))
    check_equal(tuple(torch.stack([t] * 3, dim=1).shape), (4, 3, 5), call=c.named("torch.stack([t] * 3, dim=1).shape"))
    check_tensor_equal(torch.stack([t] * 3)[1], t, call=c.at(1))


@pytest.mark.parametrize("device", devices())
def test_fact_tutorial_spellings_of_the_products_agree(device: str) -> None:
    """y1 = t @ t.T, y2 = t.matmul(t.T), torch.matmul(t, t.T, out=y3); z1 = t * t, z2 = t.mul(t), torch.mul(out=z3)."""
    tensor = make_tensor((4, 5), device=device)
    y1, y2 = tensor @ tensor.T, tensor.matmul(tensor.T)
    y3 = torch.rand_like(y1)
    torch.matmul(tensor, tensor.T, out=y3)
    z1, z2 = tensor * tensor, tensor.mul(tensor)
    z3 = torch.rand_like(tensor)
    torch.mul(tensor, tensor, out=z3)
    setup = "t = torch.rand(4, 5); y1, z1 = t @ t.T, t * t; y3, z3 = torch.rand_like(y1), torch.rand_like(t)"
    c = fact("y1", setup)
    for text, got in (("t.matmul(t.T)", y2), ("torch.matmul(t, t.T, out=y3)", y3)):
        # the same product; a tolerance only in case a BLAS picks another kernel for out=
        check_tensor(got, y1, call=c.named(text), tol=Tol(rtol=1e-6, atol=1e-5))
    for text, got in (("t.mul(t)", z2), ("torch.mul(t, t, out=z3)", z3)):
        check_tensor_equal(got, z1, call=c.named(text))
    shapes = (tuple(y1.shape), tuple(z1.shape))
    check_equal(shapes, ((4, 4), (4, 5)), call=c.named("(tuple(y1.shape), tuple(z1.shape))"), kind="shape")


@pytest.mark.parametrize("device", devices())
def test_fact_in_place_methods_end_with_underscore(device: str) -> None:
    """x.copy_(y) and x.t_() change x.

    The text writes "例如:x.copy(y), x.t_()": there is no Tensor.copy; the in-place copy is x.copy_(y)
    (the _ suffix is what marks an in-place operation).
    """
    c = fact("hasattr(torch.Tensor, 'copy')")
    check_equal(hasattr(torch.Tensor, "copy"), False, call=c, situation="the in-place copy is x.copy_(y)")
    x, y = torch.zeros(5, 3, device=device), make_tensor((5, 3), device=device)
    c = fact("x.copy_(y)", setup="x, y = torch.zeros(5, 3), torch.rand(5, 3)")
    check_is(x.copy_(y), x, call=c)
    check_tensor_equal(x, y, call=c.named("x").also(c.text))
    x = make_counting_matrix((5, 3), device=device)
    xt = x.T.clone()
    c = fact("x.t_()", setup="x = torch.arange(15.).view(5, 3); xt = x.T.clone()")
    check_is(x.t_(), x, call=c)
    check_tensor_equal(x, xt, call=c.named("x").also(c.text))


@pytest.mark.parametrize("device", devices())
def test_fact_in_place_operations_lose_the_history_autograd_needs(device: str) -> None:
    """'problematic when computing derivatives because of an immediate loss of history': torch refuses."""
    w = torch.ones(5, 3, device=device, requires_grad=True)
    c = fact("w.add_(1)", setup="w = torch.ones(5, 3, requires_grad=True)")
    check_raises(RuntimeError, lambda: w.add_(1), call=c)
    y = w.exp()  # exp saves its output for the backward pass
    y.add_(1)  # ... which this overwrites
    backward = c.named("y.sum().backward()").also("y = w.exp(); y.add_(1)")
    check_raises(RuntimeError, lambda: y.sum().backward(), call=backward)


# ---------------------------------------------------------------------------------------------
# 1.3.4 The NumPy bridge is for CPU tensors


@pytest.mark.parametrize("device", [pytest.param("cuda", marks=pytest.mark.gpu, id="cuda")])
def test_fact_numpy_bridge_is_for_cpu_tensors_only(device: str) -> None:
    """'Tensors on the CPU ... can share memory': a CUDA tensor's .numpy() raises; move it with .cpu() first."""
    t = torch.ones(5, 3, device=device)
    c = fact("t.numpy()", setup=f"t = torch.ones(5, 3, device={device!r})")
    check_raises(TypeError, t.numpy, call=c)
    values = t.cpu().numpy()
    check(
        np.array_equal(values, np.ones((5, 3), np.float32)),
        call=c.named("t.cpu().numpy()"),
        actual=values,
        expected="the values of t",
    )


# ---------------------------------------------------------------------------------------------
# 1.2: "flatten只能适用于numpy对象,即array或者mat,普通的list列表不适用!"


@pytest.mark.parametrize("device", devices())
def test_fact_flatten_works_on_tensors_too(device: str) -> None:
    """Tensors have flatten as well: t.flatten(), torch.flatten(t) and nn.Flatten() (which keeps dim 0).

    The text says flatten "only works on NumPy objects (array or mat), not on lists": the part about lists
    is right (a list has no .flatten), but torch tensors have it too, and the model's nn.Flatten uses it.
    """
    t = make_counting_matrix((3, 35), device=device).view(3, 5, 7)
    c = Call("quickstart", "t.flatten()", setup="t = torch.arange(105.).view(3, 5, 7)")  # the remark is in 1.2
    check_tensor_equal(t.flatten(), torch.arange(105.0, device=device), call=c)
    check_tensor_equal(torch.flatten(t), t.reshape(-1), call=c.named("torch.flatten(t)"))
    check_tensor_equal(torch.nn.Flatten()(t), t.reshape(3, 35), call=c.named("torch.nn.Flatten()(t)"))
    check_equal(
        hasattr([[1, 2], [3, 4]], "flatten"), False, call=Call("quickstart", "hasattr([[1, 2], [3, 4]], 'flatten')")
    )
