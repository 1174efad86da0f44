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
INIT = "tutorial 1.3.1 Tensors, initializing a tensor"
DEVICE = "tutorial 1.3.3 Tensors, operations: .to(device)"
INDEX = "tutorial 1.3.3 Tensors, standard numpy-like indexing and slicing"
JOIN = "tutorial 1.3.3 Tensors, joining tensors (torch.cat)"
ARITH = "tutorial 1.3.3 Tensors, arithmetic operations"
INPLACE = "tutorial 1.3.3 Tensors, in-place operations"
BRIDGE = "tutorial 1.3.4 Tensors, bridge with NumPy"
FLATTEN = "tutorial 1.2 Quickstart, flatten()"


# ---------------------------------------------------------------------------------------------
# 1.3: "we use tensors to encode the inputs and outputs of a model, as well as the model's parameters"


@pytest.mark.parametrize("device", devices())
def test_fact_model_inputs_outputs_and_parameters_are_tensors(device: str) -> None:
    """Inputs, outputs and parameters are all tensors; parameters are tracked for autograd."""
    layer = torch.nn.Linear(5, 3).to(device)
    x = make_tensor((4, 5), device=device)
    y = layer(x)
    for what, t in (("x", x), ("layer(x)", y), ("layer.weight", layer.weight), ("layer.bias", layer.bias)):
        check(
            isinstance(t, torch.Tensor),
            what=f"type({what})",
            actual=type(t),
            expected="a torch.Tensor",
            where="tutorial 1.3 Tensors",
        )
    check_equal(
        layer.weight.requires_grad,
        True,
        what="nn.Linear(5, 3).weight.requires_grad",
        where="tutorial 1.3 Tensors (optimized for automatic differentiation)",
    )


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
    check(
        isinstance(out.shape, tuple) and all(type(side) is int for side in out.shape),
        what=f"{maker.__name__}({shape}).shape",
        actual=out.shape,
        expected="a tuple of ints",
        where=INIT,
    )
    check_equal(tuple(out.shape), shape, what=f"{maker.__name__}({shape}).shape", where=INIT)


def test_fact_tensors_are_created_on_the_cpu_by_default() -> None:
    made = {
        "torch.ones(5, 3)": torch.ones(5, 3),
        "torch.tensor([[1, 2]])": torch.tensor([[1, 2]]),
        "torch.rand(2, 3)": torch.rand(2, 3),
        "torch.from_numpy(np.ones(3))": torch.from_numpy(np.ones(3)),
    }
    for what, t in made.items():
        check_equal(t.device, torch.device("cpu"), what=f"{what}.device", where=DEVICE)


@pytest.mark.parametrize("device", devices())
def test_fact_to_copies_only_across_devices(device: str) -> None:
    """t.to(its own device) is t itself; t.to(another device) is a copy there ("expensive in time and memory")."""
    t = torch.arange(15.0).view(5, 3)
    check_is(t.to("cpu"), t, what="t.to('cpu') for t on the cpu", where=DEVICE)
    moved = t.to(device)
    check_equal(moved.device.type, device, what=f"t.to({device!r}).device.type", where=DEVICE)
    check_tensor_equal(moved.cpu(), t, what=f"t.to({device!r})", where=DEVICE)
    check_equal(moved is t, device == "cpu", what=f"t.to({device!r}) is t", where=DEVICE)


def test_fact_rand_like_of_an_integer_tensor_needs_a_float_dtype() -> None:
    """Why the tutorial writes torch.rand_like(x_data, dtype=torch.float): x_data is int64, and uniform random
    numbers exist only for floating dtypes, while ones_like keeps int64 ("unless explicitly overridden")."""
    x_data = torch.tensor([[1, 2], [3, 4]])
    check_equal(torch.ones_like(x_data).dtype, torch.int64, what="torch.ones_like(x_data).dtype", where=INIT)
    check_raises(
        (NotImplementedError, RuntimeError),
        lambda: torch.rand_like(x_data),
        what="torch.rand_like(x_data) for int64 x_data",
        where=INIT,
    )
    check_equal(
        torch.rand_like(x_data, dtype=torch.float).dtype,
        torch.float32,
        what="torch.rand_like(x_data, dtype=torch.float).dtype",
        where=INIT,
    )


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
        check_equal(
            tuple(a[:, :, :2].shape), shape[:2] + (2,), what=f"a[:, :, :2].shape for a of shape {shape}", where=INDEX
        )
        check_equal(tuple(a[:, :, 2].shape), shape[:2], what=f"a[:, :, 2].shape for a of shape {shape}", where=INDEX)
        check_tensor_equal(a[:, :, 2], a[..., 2:3].squeeze(-1), what="a[:, :, 2]", where=INDEX)


@pytest.mark.parametrize("device", devices())
def test_fact_stack_adds_a_dimension_where_cat_joins_an_existing_one(device: str) -> None:
    """The text's "see also torch.stack, subtly different from torch.cat"."""
    tensor = make_counting_matrix((4, 5), device=device)
    check_equal(tuple(torch.stack([tensor] * 3).shape), (3, 4, 5), what="torch.stack([t (4, 5)] * 3).shape", where=JOIN)
    check_equal(tuple(torch.cat([tensor] * 3).shape), (12, 5), what="torch.cat([t (4, 5)] * 3).shape", where=JOIN)
    check_equal(
        tuple(torch.stack([tensor] * 3, dim=1).shape), (4, 3, 5), what="torch.stack([t] * 3, dim=1).shape", where=JOIN
    )
    check_tensor_equal(torch.stack([tensor] * 3)[1], tensor, what="torch.stack([t] * 3)[1]", where=JOIN)


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
    for what, got in (("t.matmul(t.T)", y2), ("torch.matmul(t, t.T, out=y3)", y3)):
        # the same product; a tolerance only in case a BLAS picks another kernel for out=
        check_tensor(got, y1, what=what, where=ARITH, rtol=1e-6, atol=1e-5)
    for what, got in (("t.mul(t)", z2), ("torch.mul(t, t, out=z3)", z3)):
        check_tensor_equal(got, z1, what=what, where=ARITH)
    check_equal((tuple(y1.shape), tuple(z1.shape)), ((4, 4), (4, 5)), what="shapes of t @ t.T and t * t", where=ARITH)


@pytest.mark.parametrize("device", devices())
def test_fact_in_place_methods_end_with_underscore(device: str) -> None:
    """x.copy_(y) and x.t_() change x.

    The text writes "例如:x.copy(y), x.t_()": there is no Tensor.copy; the in-place copy is x.copy_(y)
    (the _ suffix is what marks an in-place operation).
    """
    check(
        not hasattr(torch.Tensor, "copy"),
        what="hasattr(torch.Tensor, 'copy')",
        actual=hasattr(torch.Tensor, "copy"),
        expected="False: the in-place copy is x.copy_(y)",
        where=INPLACE,
    )
    x, y = torch.zeros(5, 3, device=device), make_tensor((5, 3), device=device)
    check_is(x.copy_(y), x, what="x.copy_(y)", where=INPLACE)
    check_tensor_equal(x, y, what="x after x.copy_(y)", where=INPLACE)
    x = make_counting_matrix((5, 3), device=device)
    xt = x.T.clone()
    check_is(x.t_(), x, what="x.t_()", where=INPLACE)
    check_tensor_equal(x, xt, what="x after x.t_()", where=INPLACE)


@pytest.mark.parametrize("device", devices())
def test_fact_in_place_operations_lose_the_history_autograd_needs(device: str) -> None:
    """'problematic when computing derivatives because of an immediate loss of history': torch refuses."""
    w = torch.ones(5, 3, device=device, requires_grad=True)
    check_raises(RuntimeError, lambda: w.add_(1), what="w.add_(1) on a leaf w that requires grad", where=INPLACE)
    y = w.exp()  # exp saves its output for the backward pass
    y.add_(1)  # ... which this overwrites
    check_raises(
        RuntimeError, lambda: y.sum().backward(), what="backward() after y = w.exp(); y.add_(1)", where=INPLACE
    )


# ---------------------------------------------------------------------------------------------
# 1.3.4 The NumPy bridge is for CPU tensors


@pytest.mark.parametrize("device", [pytest.param("cuda", marks=pytest.mark.gpu, id="cuda")])
def test_fact_numpy_bridge_is_for_cpu_tensors_only(device: str) -> None:
    """'Tensors on the CPU ... can share memory': a CUDA tensor's .numpy() raises; move it with .cpu() first."""
    t = torch.ones(5, 3, device=device)
    check_raises(TypeError, t.numpy, what="torch.ones(5, 3, device='cuda').numpy()", where=BRIDGE)
    check(
        np.array_equal(t.cpu().numpy(), np.ones((5, 3), np.float32)),
        what="t.cpu().numpy()",
        actual=t.cpu().numpy(),
        expected="the values of t",
        where=BRIDGE,
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
    check_tensor_equal(t.flatten(), torch.arange(105.0, device=device), what="t.flatten()", where=FLATTEN)
    check_tensor_equal(torch.flatten(t), t.reshape(-1), what="torch.flatten(t)", where=FLATTEN)
    check_tensor_equal(torch.nn.Flatten()(t), t.reshape(3, 35), what="nn.Flatten()(t (3, 5, 7))", where=FLATTEN)
    check(
        not hasattr([[1, 2], [3, 4]], "flatten"),
        what="hasattr(list, 'flatten')",
        actual=True,
        expected="False",
        where=FLATTEN,
    )
