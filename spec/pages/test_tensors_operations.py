"""Tutorial 1.3 Tensors (tensor), part 2: 1.3.3 operations on tensors: NumPy-like indexing and slicing,
joining (torch.cat), arithmetic (matrix product and element-wise product), single-element tensors
(.item()) and in-place operations. The page's claims about torch itself are in test_tensors_facts.py.

Situations each name's contract allows, all checked here:
- first_row, first_column, last_column: any (m, n), 1 x n and m x 1 included, contiguous or transposed
  (a view either way).
- zero_column: any (m, n) and any column j, negative j counted from the end as t[:, j] counts it; t holding
  inf or nan; contiguous or transposed t, changed in place and returned.
- concat: 1 to 4 tensors of 1 to 3 dims, any dim from -ndim to ndim - 1, the default dim=1 on 2-D and 3-D,
  a list or a tuple, int64 and bool.
- matmul: any (m, k) @ (k, n), float32, float64 and int64; mul: any shape, float32 and int64; operands unchanged.
- to_python: 0-d, (1,) and (1, 1) of six dtypes, a tensor that requires grad; any other size raises.
- add_inplace: int or float values, float32 and int64, contiguous or transposed t, same storage, t returned.
"""

from __future__ import annotations

import pytest
import torch
from hypothesis import example, given
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
    result_or_error,
    shares_memory,
)

pytestmark = pytest.mark.tensors
INDEX = "tutorial 1.3.3 Tensors, standard numpy-like indexing and slicing"
JOIN = "tutorial 1.3.3 Tensors, joining tensors (torch.cat)"
ARITH = "tutorial 1.3.3 Tensors, arithmetic operations"
ITEM = "tutorial 1.3.3 Tensors, single-element tensors (.item())"
INPLACE = "tutorial 1.3.3 Tensors, in-place operations"


# (m, n) shapes of 2-D tensors; each test's examples pin the non-square (17, 11) and (11, 17).
MATRICES = strategies.shapes(min_dims=2, max_dims=2, max_side=9)


# ---------------------------------------------------------------------------------------------
# Indexing and slicing: views of t, not copies

VIEWS = {  # name: (what it selects, torch oracle, the expected shape in words)
    "first_row": ("row 0, t[0]", lambda t: t[0], "(n,)"),
    "first_column": ("column 0, t[:, 0]", lambda t: t[:, 0], "(m,)"),
    "last_column": ("column n - 1, t[:, -1]", lambda t: t[:, -1], "(m,)"),
}


def _check_selects(impl, name: str, device: str, shape: tuple[int, int]) -> None:
    __tracebackhide__ = True
    t = make_counting_matrix(shape, device=device)
    out = getattr(impl, name)(t)
    selects, oracle, words = VIEWS[name]
    check_tensor_equal(
        out,
        oracle(t),
        what=f"{name}(t) for t of shape (m, n) = {shape}",
        where=f"{INDEX}: {selects}, of shape {words}",
        repro=f"t = torch.arange({shape[0] * shape[1]}.).view{shape}; {name}(t)",
    )


def _check_is_view(impl, name: str, device: str, shape: tuple[int, int], layout: str) -> None:
    __tracebackhide__ = True
    m, n = shape
    # "transposed": the same (m, n) shape as a transposed view, whose rows are not contiguous in memory
    t = (
        make_counting_matrix(shape, device=device)
        if layout == "contiguous"
        else make_counting_matrix((n, m), device=device).T
    )
    out = getattr(impl, name)(t)
    selects, oracle, _ = VIEWS[name]
    build = f"torch.arange({m * n}.).view" + (f"{shape}" if layout == "contiguous" else f"({n}, {m}).T")
    repro = f"t = {build}; {name}(t).fill_(-1); t"
    check(
        isinstance(out, torch.Tensor) and shares_memory(out, t),
        what=f"{name}(t)",
        actual=out,
        expected="a view sharing t's storage (basic indexing), not a copy",
        where=INDEX,
        repro=repro,
    )
    expected = t.clone()
    oracle(expected).fill_(-1)
    out.fill_(-1)
    check_tensor_equal(
        t,
        expected,
        what=f"t after {name}(t).fill_(-1)",
        where=f"{INDEX}: writing through the view changes {selects} of t",
        repro=repro,
    )


LAYOUTS = ["contiguous", "transposed"]


@given(shape=MATRICES)
@example(shape=(17, 11))
@example(shape=(11, 17))
@example(shape=(1, 7))  # .squeeze() drops more than the selected dimension here: a 0-d tensor, not (1,)
@example(shape=(7, 1))
@pytest.mark.parametrize("device", devices())
def test_first_row_is_row_zero_of_shape_n(impl, device: str, shape: tuple[int, int]) -> None:
    _check_selects(impl, "first_row", device, shape)


@given(shape=MATRICES)
@example(shape=(17, 11))
@example(shape=(11, 17))
@example(shape=(1, 7))  # .squeeze() drops more than the selected dimension here: a 0-d tensor, not (1,)
@example(shape=(7, 1))
@pytest.mark.parametrize("device", devices())
def test_first_column_is_column_zero_of_shape_m(impl, device: str, shape: tuple[int, int]) -> None:
    _check_selects(impl, "first_column", device, shape)


@given(shape=MATRICES)
@example(shape=(17, 11))
@example(shape=(11, 17))
@example(shape=(1, 7))  # .squeeze() drops more than the selected dimension here: a 0-d tensor, not (1,)
@example(shape=(7, 1))
@pytest.mark.parametrize("device", devices())
def test_last_column_is_column_n_minus_1_of_shape_m(impl, device: str, shape: tuple[int, int]) -> None:
    _check_selects(impl, "last_column", device, shape)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("device", devices())
def test_first_row_is_a_view_of_t(impl, layout: str, device: str) -> None:
    """A slice shares t's memory: writing through it writes into t (like NumPy's basic indexing), whether or
    not t is contiguous (t.flatten()[:n] is a copy when it is not)."""
    _check_is_view(impl, "first_row", device, (17, 11), layout)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("device", devices())
def test_first_column_is_a_view_of_t(impl, layout: str, device: str) -> None:
    _check_is_view(impl, "first_column", device, (17, 11), layout)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("device", devices())
def test_last_column_is_a_view_of_t(impl, layout: str, device: str) -> None:
    _check_is_view(impl, "last_column", device, (17, 11), layout)


@given(shape=MATRICES, data=st.data())
@example(shape=(17, 11), data=None)
@example(shape=(11, 17), data=None)
@pytest.mark.parametrize("device", devices())
def test_zero_column_zeroes_column_j_only(impl, device: str, shape: tuple[int, int], data) -> None:
    """The tutorial's tensor[:, 1] = 0, for any column j; every other entry keeps its value."""
    j = 1 if data is None else data.draw(st.integers(0, shape[1] - 1), label="j")
    t = make_counting_matrix(shape, device=device) + 1  # no zero anywhere before
    expected = t.clone()
    expected[:, j] = 0
    impl.zero_column(t, j)
    check_tensor_equal(
        t,
        expected,
        what=f"t after zero_column(t, {j}) for t of shape {shape}",
        where=f"{INDEX} (tensor[:, {j}] = 0)",
        repro=f"t = torch.ones{shape}; zero_column(t, {j}); t",
    )


@given(shape=MATRICES, data=st.data())
@example(shape=(17, 11), data=None)  # j = -1: the slice t[:, j:j + 1] is t[:, -1:0], empty
@example(shape=(11, 17), data=None)
@pytest.mark.parametrize("device", devices())
def test_zero_column_counts_negative_j_from_the_end(impl, device: str, shape: tuple[int, int], data) -> None:
    """j = -1 is the last column, j = -n the first, as t[:, j] counts them: a mask arange(n) == j, a loop over
    range(n) or a slice j:j + 1 zeroes nothing (or the wrong column) for a negative j."""
    j = -1 if data is None else data.draw(st.integers(-shape[1], -1), label="j")
    t = make_counting_matrix(shape, device=device) + 1  # no zero anywhere before
    expected = t.clone()
    expected[:, j] = 0
    impl.zero_column(t, j)
    check_tensor_equal(
        t,
        expected,
        what=f"t after zero_column(t, {j}) for t of shape {shape}",
        where=f"{INDEX} (tensor[:, {j}] = 0: a negative j counts from the last column)",
        repro=f"t = torch.ones{shape}; zero_column(t, {j}); t",
    )


@pytest.mark.parametrize("device", devices())
def test_zero_column_zeroes_inf_and_nan_entries_too(impl, device: str) -> None:
    """Column j becomes 0 whatever it held: multiplying by a 0/1 mask leaves nan there (inf * 0 is nan)."""
    t = make_counting_matrix((5, 7), device=device) + 1
    t[1, 2], t[3, 2], t[0, 4], t[2, 5] = float("inf"), float("nan"), float("-inf"), float("nan")
    expected = t.clone()
    expected[:, 2] = 0
    impl.zero_column(t, 2)
    check_tensor_equal(
        t,
        expected,
        what="t after zero_column(t, 2) for t holding inf and nan",
        where=f"{INDEX} (tensor[:, 2] = 0; the other columns, inf and nan included, unchanged)",
        repro="t = torch.ones(5, 7); t[1, 2] = float('inf'); t[3, 2] = float('nan'); zero_column(t, 2)",
    )


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("device", devices())
def test_zero_column_changes_t_in_place(impl, layout: str, device: str) -> None:
    """t itself, also when t is a transposed view: t.reshape(-1)[j::n] = 0 writes into a copy of such a t."""
    # no zero anywhere before; "transposed": the same (17, 11) shape as a view whose rows are not contiguous
    t = (
        make_counting_matrix((17, 11), device=device).add_(1)
        if layout == "contiguous"
        else make_counting_matrix((11, 17), device=device).add_(1).T
    )
    impl.zero_column(t, 3)
    build = "torch.ones(17, 11)" if layout == "contiguous" else "torch.ones(11, 17).T"
    check(
        bool((t[:, 3] == 0).all()),
        what=f"t[:, 3] after zero_column(t, 3) for a {layout} t",
        actual=t[:, 3],
        expected="all zeros: t itself is changed (in place), not a copy of it",
        where=INDEX,
        repro=f"t = {build}; zero_column(t, 3); t[:, 3]",
    )


@pytest.mark.parametrize("device", devices())
def test_zero_column_returns_t_itself(impl, device: str) -> None:
    t = make_counting_matrix((17, 11), device=device) + 1
    check_is(
        impl.zero_column(t, 3),
        t,
        what="zero_column(t, 3)",
        where=INDEX,
        repro="t = torch.ones(17, 11); zero_column(t, 3) is t",
    )


# ---------------------------------------------------------------------------------------------
# Joining tensors


@pytest.mark.parametrize("device", devices())
def test_concat_of_three_4x4_on_dim_1_gives_4x12(impl, device: str) -> None:
    """The tutorial's torch.cat([tensor, tensor, tensor], dim=1) of a 4x4 tensor."""
    tensor = make_counting_matrix((4, 4), device=device)
    out = impl.concat([tensor, tensor, tensor], dim=1)
    check_tensor_equal(
        out,
        torch.cat([tensor, tensor, tensor], dim=1),
        what="concat([t, t, t], dim=1)",
        where=JOIN,
        repro="concat([torch.ones(4, 4)] * 3, dim=1).shape",
    )


# (2, 3, 4) and (2, 5, 4): dim=1 is not the last dimension, so a default dim=-1 joins the wrong one (and raises).
@pytest.mark.parametrize("shapes", [[(5, 3), (5, 2)], [(2, 3, 4), (2, 5, 4)]], ids=["2d", "3d"])
@pytest.mark.parametrize("device", devices())
def test_concat_defaults_to_dim_1(impl, shapes: list, device: str) -> None:
    a, b = (make_tensor(s, device=device) for s in shapes)
    what = f"concat([a {shapes[0]}, b {shapes[1]}]) without dim"
    repro = f"concat([torch.ones{shapes[0]}, torch.zeros{shapes[1]}]).shape"
    out = result_or_error(lambda: impl.concat([a, b]))  # torch.cat on another dim: "Sizes of tensors must match"
    check(
        not isinstance(out, Exception),
        what=what,
        actual=out,
        expected=f"shape {tuple(torch.cat([a, b], dim=1).shape)}",
        where=f"{JOIN} (the contract's default dim=1)",
        repro=repro,
    )
    check_tensor_equal(
        out, torch.cat([a, b], dim=1), what=what, where=f"{JOIN} (the contract's default dim=1)", repro=repro
    )


@pytest.mark.parametrize(
    ("dim", "shapes"), [(0, [(2, 7), (3, 7), (1, 7)]), (1, [(7, 2), (7, 3), (7, 1)])], ids=["dim0", "dim1"]
)
@pytest.mark.parametrize("container", [list, tuple], ids=["list", "tuple"])
@pytest.mark.parametrize("device", devices())
def test_concat_joins_along_dim(impl, dim: int, shapes: list, container: type, device: str) -> None:
    tensors = container(make_tensor(s, device=device) for s in shapes)
    out = impl.concat(tensors, dim=dim)
    check_tensor_equal(
        out,
        torch.cat(tensors, dim=dim),
        what=f"concat({container.__name__} of shapes {shapes}, dim={dim})",
        where=JOIN,
        repro=f"concat([torch.ones(s) for s in {shapes}], dim={dim})",
    )


@pytest.mark.parametrize("device", devices())
def test_concat_dim_1_is_the_second_dimension(impl, device: str) -> None:
    """dim=1 joins side by side: (7, 2) and (7, 3) give (7, 5), the number of rows is unchanged.

    The text says "dim = 1 在第一个维度进行拼接" (dim=1 joins along the FIRST dimension): dimensions count from
    0, so dim=1 is the second one (the columns of a matrix); dim=0 is the first (stacks rows).
    """
    a, b = make_counting_matrix((7, 2), device=device), make_counting_matrix((7, 3), device=device)
    out = impl.concat([a, b], dim=1)
    check_equal(
        tuple(getattr(out, "shape", ())),
        (7, 5),
        what="concat([a (7, 2), b (7, 3)], dim=1).shape",
        where=JOIN,
        repro="concat([torch.ones(7, 2), torch.ones(7, 3)], dim=1).shape",
    )


@pytest.mark.parametrize("dtype", [torch.int64, torch.bool], ids=str)
@pytest.mark.parametrize("device", devices())
def test_concat_keeps_the_dtype_of_its_tensors(impl, dtype: torch.dtype, device: str) -> None:
    """torch.cat of int64 (or bool) tensors is int64 (or bool): no .float() on the way."""
    a, b = make_tensor((5, 3), dtype=dtype, device=device), make_tensor((5, 2), dtype=dtype, device=device)
    out = impl.concat([a, b], dim=1)
    check_tensor_equal(
        out,
        torch.cat([a, b], dim=1),
        what=f"concat([a (5, 3), b (5, 2)] of {dtype}, dim=1)",
        where=f"{JOIN} (values and dtype as torch.cat gives them)",
        repro=f"concat([torch.ones(5, 3, dtype={dtype}), torch.ones(5, 2, dtype={dtype})]).dtype",
    )


@given(strategies.concat_cases())
@pytest.mark.parametrize("device", devices())
def test_concat_matches_torch_cat(impl, device: str, case: tuple[list, int]) -> None:
    shapes, dim = case
    tensors = [make_tensor(s, device=device) for s in shapes]
    out = impl.concat(tensors, dim=dim)
    check_tensor_equal(
        out,
        torch.cat(tensors, dim=dim),
        what=f"concat(tensors of shapes {shapes}, dim={dim})",
        where=JOIN,
        repro=f"concat([torch.ones(s) for s in {shapes}], dim={dim})",
    )


# ---------------------------------------------------------------------------------------------
# Arithmetic: matrix product versus element-wise product


@given(m=st.integers(1, 7), k=st.integers(1, 7), n=st.integers(1, 7))
@example(m=5, k=7, n=3)
@example(m=3, k=7, n=3)  # b @ a would fit here, so the order of the factors must show in the values
@pytest.mark.parametrize("device", devices())
def test_matmul_is_the_matrix_product(impl, device: str, m: int, k: int, n: int) -> None:
    a, b = make_tensor((m, k), device=device), make_tensor((k, n), device=device)
    out = impl.matmul(a, b)
    check_tensor(
        out,
        a.double() @ b.double(),
        what=f"matmul(a {(m, k)}, b {(k, n)})",
        where=f"{ARITH} (y1 = tensor @ tensor.T: the matrix product, (m, k) @ (k, n) -> (m, n))",
        rtol=1e-5,
        atol=1e-3,
        check_dtype=False,  # float32 sums of k products up to 81
        repro=f"matmul(torch.rand({m}, {k}), torch.rand({k}, {n}))",
    )
    check_equal(out.dtype, torch.float32, what="matmul(a, b).dtype for float32 a and b", where=ARITH)


@pytest.mark.parametrize("device", devices())
def test_matmul_keeps_the_dtype_of_its_operands(impl, device: str) -> None:
    """a @ b of float64 matrices is float64 (and of int64 matrices int64, on the CPU): no cast to float32."""
    # int64 on the CPU only: CUDA has no integer matmul (pytorch/pytorch#44428)
    for dtype in [torch.float64] + ([torch.int64] if device == "cpu" else []):
        a, b = make_tensor((5, 7), dtype=dtype, device=device), make_tensor((7, 3), dtype=dtype, device=device)
        check_tensor(
            impl.matmul(a, b),
            a @ b,
            what=f"matmul(a (5, 7), b (7, 3)) of {dtype}",
            where=ARITH,
            rtol=1e-12,
            atol=1e-9,  # float64 sums of 7 products up to 81, in any order
            repro=f"matmul(torch.ones(5, 7, dtype={dtype}), torch.ones(7, 3, dtype={dtype})).dtype",
        )


@pytest.mark.parametrize("device", devices())
def test_matmul_of_tensor_and_its_transpose_is_not_elementwise(impl, device: str) -> None:
    """The tutorial's tensor @ tensor.T, on a (4, 5) tensor: a (4, 4) result."""
    tensor = make_counting_matrix((4, 5), device=device)
    out = impl.matmul(tensor, tensor.T)
    check_tensor(
        out,
        tensor.double() @ tensor.T.double(),
        what="matmul(t (4, 5), t.T)",
        where=ARITH,
        rtol=1e-6,
        atol=1e-6,
        check_dtype=False,
        repro="t = torch.arange(20.).view(4, 5); matmul(t, t.T)",
    )


@given(shape=strategies.shapes(max_dims=3), dtype=st.sampled_from([torch.float32, torch.int64]))
@example(shape=(17, 11), dtype=torch.float32)
@example(shape=(17, 11), dtype=torch.int64)  # int64 products stay int64: a.float() * b.float() is float32
@pytest.mark.parametrize("device", devices())
def test_mul_is_the_elementwise_product(impl, device: str, shape: tuple[int, ...], dtype: torch.dtype) -> None:
    """The tutorial's z1 = tensor * tensor: same shape in, same shape out, entry by entry."""
    a, b = make_tensor(shape, dtype=dtype, device=device), make_tensor(shape, dtype=dtype, device=device)
    out = impl.mul(a, b)
    check_tensor(
        out,
        a * b,
        what=f"mul(a, b) for a, b of shape {shape}",
        where=f"{ARITH} (z1 = tensor * tensor)",
        rtol=1e-6,
        atol=1e-6,
        repro=f"a = torch.rand{shape}; mul(a, a)",
    )


@pytest.mark.parametrize("name", ["matmul", "mul"])
@pytest.mark.parametrize("device", devices())
def test_matmul_and_mul_leave_operands_unchanged(impl, name: str, device: str) -> None:
    a = make_tensor((5, 7), device=device)
    b = make_tensor((7, 3) if name == "matmul" else (5, 7), device=device)
    a0, b0 = a.clone(), b.clone()
    getattr(impl, name)(a, b)
    check_tensor_equal(
        a,
        a0,
        what=f"a after {name}(a, b)",
        where=f"{ARITH} (a new tensor; a is not changed)",
        repro=f"a = torch.ones(5, 7); {name}(a, b); a",
    )
    check_tensor_equal(b, b0, what=f"b after {name}(a, b)", where=f"{ARITH} (a new tensor; b is not changed)")


# ---------------------------------------------------------------------------------------------
# Single-element tensors: "you can convert it to a Python numerical value using item()"

PY_TYPES = {
    torch.int64: int,
    torch.int32: int,
    torch.uint8: int,
    torch.float32: float,
    torch.float64: float,
    torch.bool: bool,
}


@pytest.mark.parametrize("shape", [(), (1,), (1, 1)], ids=["0d", "1", "1x1"])
@pytest.mark.parametrize("dtype", list(PY_TYPES), ids=str)
@pytest.mark.parametrize("device", devices())
def test_to_python_returns_a_python_number(impl, shape: tuple[int, ...], dtype: torch.dtype, device: str) -> None:
    t = make_tensor(shape, dtype=dtype, device=device, low=1, high=9)
    out = impl.to_python(t)
    what = f"to_python(t of shape {shape}, {dtype})"
    repro = f"to_python(torch.ones({shape}, dtype={dtype}))"
    check_equal(
        type(out), PY_TYPES[dtype], what=f"type({what})", where=f"{ITEM}: a Python number, not a tensor", repro=repro
    )
    check_equal(out, t.item(), what=what, where=ITEM, repro=repro)


@given(value=st.one_of(st.integers(-(2**62), 2**62), st.floats(width=32, allow_nan=False), st.booleans()))
@example(value=3)
@pytest.mark.parametrize("device", devices())
def test_to_python_gives_back_the_value_of_any_one_element_tensor(impl, device: str, value) -> None:
    t = torch.tensor(value, device=device)
    out = impl.to_python(t)
    check_equal(
        type(out),
        type(value),
        what=f"type(to_python(torch.tensor({value!r})))",
        where=ITEM,
        repro=f"to_python(torch.tensor({value!r}))",
    )
    check_equal(
        out, value, what=f"to_python(torch.tensor({value!r}))", where=ITEM, repro=f"to_python(torch.tensor({value!r}))"
    )


@pytest.mark.parametrize("device", devices())
def test_to_python_of_the_tutorial_sum(impl, device: str) -> None:
    """agg = tensor.sum(); agg_item = agg.item(): a float."""
    tensor = make_counting_matrix((4, 5), device=device)
    out = impl.to_python(tensor.sum())
    check_equal(
        out,
        float(tensor.sum().item()),
        what="to_python(t.sum())",
        where=ITEM,
        repro="to_python(torch.arange(20.).view(4, 5).sum())",
    )


@pytest.mark.parametrize("device", devices())
def test_to_python_of_a_tensor_that_requires_grad(impl, device: str) -> None:
    """A loss is a one-element tensor that requires grad (tutorial 1.8's loss.item()): t.numpy() refuses it."""
    w = make_tensor((4, 5), device=device, requires_grad=True)
    loss = (w * w).sum()
    out = impl.to_python(loss)
    check_equal(
        out,
        loss.item(),
        what="to_python(loss) for loss = (w * w).sum(), w.requires_grad=True",
        where=f"{ITEM} (any one-element tensor, also one in an autograd graph)",
        repro="w = torch.ones(4, 5, requires_grad=True); to_python((w * w).sum())",
    )


@pytest.mark.parametrize("shape", [(2,), (17, 11), (1, 3), (0,)], ids=["2", "17x11", "1x3", "empty"])
@pytest.mark.parametrize("device", devices())
def test_to_python_refuses_tensor_without_exactly_one_element(impl, shape: tuple[int, ...], device: str) -> None:
    t = make_tensor(shape, device=device)
    check_raises(
        Exception,
        lambda: impl.to_python(t),  # the contract says "raises": any exception
        what=f"to_python(t of shape {shape})",
        where=f"{ITEM}: only a one-element tensor has one value",
        repro=f"to_python(torch.ones{shape})",
    )


# ---------------------------------------------------------------------------------------------
# In-place operations: "denoted by a _ suffix"


@given(value=st.one_of(st.integers(-100, 100), st.floats(-100, 100)), data=st.data())
@example(value=5, data=None)
@pytest.mark.parametrize("device", devices())
def test_add_inplace_adds_value_to_every_entry(impl, device: str, value, data) -> None:
    """The tutorial's tensor.add_(5)."""
    dtype = (
        torch.float32
        if data is None or isinstance(value, float)
        else (data.draw(st.sampled_from([torch.float32, torch.int64]), label="dtype"))
    )
    t = make_tensor((17, 11), dtype=dtype, device=device)
    expected = t + value
    impl.add_inplace(t, value)
    check_tensor(
        t,
        expected,
        what=f"t after add_inplace(t, {value!r})",
        where=f"{INPLACE} (tensor.add_(5))",
        rtol=1e-6,
        atol=1e-6,
        repro=f"t = torch.ones(17, 11); add_inplace(t, {value!r}); t",
    )


@pytest.mark.parametrize("device", devices())
def test_add_inplace_returns_t_itself(impl, device: str) -> None:
    t = make_tensor((17, 11), device=device)
    check_is(
        impl.add_inplace(t, 5),
        t,
        what="add_inplace(t, 5)",
        where=f"{INPLACE} (x.add_(y) returns x)",
        repro="t = torch.ones(17, 11); add_inplace(t, 5) is t",
    )


@pytest.mark.parametrize("device", devices())
def test_add_inplace_changes_a_non_contiguous_t_too(impl, device: str) -> None:
    """t as a transposed view: t.reshape(-1).add_(value) adds into a copy of such a t, leaving t as it was."""
    t = make_counting_matrix((11, 17), device=device).T
    expected = t + 5
    impl.add_inplace(t, 5)
    check_tensor_equal(
        t,
        expected,
        what="t after add_inplace(t, 5) for t = torch.arange(187.).view(11, 17).T",
        where=f"{INPLACE} (tensor.add_(5), whatever t's layout)",
        repro="t = torch.arange(187.).view(11, 17).T; add_inplace(t, 5); t",
    )


@pytest.mark.parametrize("device", devices())
def test_add_inplace_keeps_the_storage_of_t(impl, device: str) -> None:
    t = make_tensor((17, 11), device=device)
    ptr = t.untyped_storage().data_ptr()
    impl.add_inplace(t, 5)
    check_equal(
        t.untyped_storage().data_ptr(),
        ptr,
        what="storage address of t after add_inplace(t, 5)",
        where=f"{INPLACE}: the result is stored in the operand, no new memory",
        repro="t = torch.ones(3); p = t.data_ptr(); add_inplace(t, 5); t.data_ptr() == p",
    )
