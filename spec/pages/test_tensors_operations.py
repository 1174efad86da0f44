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
from spec.helpers.calls import Call, Tol
from spec.helpers.checks import (
    call_checked,
    check,
    check_equal,
    check_is,
    check_raises,
    check_tensor,
    check_tensor_equal,
    check_unchanged,
    devices,
    make_counting_matrix,
    make_tensor,
    shares_memory,
)

pytestmark = pytest.mark.tensors
CLOSE = Tol(rtol=1e-6, atol=1e-6)  # float32 results of a few operations on values up to 81

# (m, n) shapes of 2-D tensors; each test's examples pin the non-square (17, 11) and (11, 17).
MATRICES = strategies.shapes(min_dims=2, max_dims=2, max_side=9)


def _matrix(shape: tuple[int, int], layout: str, device: str, start: int = 0) -> tuple[torch.Tensor, str]:
    """(t, its source): start, start + 1, ... row by row in an (m, n) tensor, "contiguous" or "transposed" (the
    same shape as a transposed view, whose rows are not contiguous in memory)."""
    m, n = shape
    source = f"torch.arange({start}., {m * n + start})"
    if layout == "contiguous":
        return make_counting_matrix(shape, device=device) + start, f"{source}.view({m}, {n})"
    return (make_counting_matrix((n, m), device=device) + start).T, f"{source}.view({n}, {m}).T"


def _after(call: Call, text: str = "t") -> Call:
    """`text` once `call` has run: `t = ...; zero_column(t, 3); t` (what an in-place call left behind)."""
    return call.named(text).also(call.text)


# ---------------------------------------------------------------------------------------------
# Indexing and slicing: views of t, not copies

VIEWS = {  # name: (what it selects, torch oracle, the expected shape in words)
    "first_row": ("row 0, t[0]", lambda t: t[0], "(n,)"),
    "first_column": ("column 0, t[:, 0]", lambda t: t[:, 0], "(m,)"),
    "last_column": ("column n - 1, t[:, -1]", lambda t: t[:, -1], "(m,)"),
}


def _check_selects(impl, name: str, device: str, shape: tuple[int, int]) -> None:
    __tracebackhide__ = True
    t, source = _matrix(shape, "contiguous", device)
    selects, oracle, words = VIEWS[name]
    c = Call.of(name, "t", setup=f"t = {source}")
    check_tensor_equal(getattr(impl, name)(t), oracle(t), call=c, situation=f"{selects}, of shape {words}")


def _check_is_view(impl, name: str, device: str, shape: tuple[int, int], layout: str) -> None:
    __tracebackhide__ = True
    t, source = _matrix(shape, layout, device)
    out = getattr(impl, name)(t)
    selects, oracle, _ = VIEWS[name]
    c = Call.of(name, "t", setup=f"t = {source}")
    check(
        isinstance(out, torch.Tensor) and shares_memory(out, t),
        call=c,
        actual=out,
        expected="a view sharing t's storage (basic indexing), not a copy",
    )
    expected = t.clone()
    oracle(expected).fill_(-1)
    out.fill_(-1)
    situation = f"writing through the view changes {selects} of t"
    check_tensor_equal(t, expected, call=_after(c.dot("fill_(-1)")), situation=situation)


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


def _check_zero_column(impl, t: torch.Tensor, j: int, setup: str, situation: str = "") -> None:
    """zero_column(t, j) leaves t as t[:, j] = 0 leaves it: column j zero, every other entry as it was."""
    __tracebackhide__ = True
    expected = t.clone()
    expected[:, j] = 0
    impl.zero_column(t, j)
    c = Call.of("zero_column", "t", str(j), setup=setup)
    check_tensor_equal(t, expected, call=_after(c), situation=situation)


@given(shape=MATRICES, data=st.data())
@example(shape=(17, 11), data=None)
@example(shape=(11, 17), data=None)
@pytest.mark.parametrize("device", devices())
def test_zero_column_zeroes_column_j_only(impl, device: str, shape: tuple[int, int], data) -> None:
    """The tutorial's tensor[:, 1] = 0, for any column j; every other entry keeps its value."""
    j = 1 if data is None else data.draw(st.integers(0, shape[1] - 1), label="j")
    t, source = _matrix(shape, "contiguous", device, start=1)  # no zero anywhere before
    _check_zero_column(impl, t, j, f"t = {source}")


@given(shape=MATRICES, data=st.data())
@example(shape=(17, 11), data=None)  # j = -1: the slice t[:, j:j + 1] is t[:, -1:0], empty
@example(shape=(11, 17), data=None)
@pytest.mark.parametrize("device", devices())
def test_zero_column_counts_negative_j_from_the_end(impl, device: str, shape: tuple[int, int], data) -> None:
    """j = -1 is the last column, j = -n the first, as t[:, j] counts them: a mask arange(n) == j, a loop over
    range(n) or a slice j:j + 1 zeroes nothing (or the wrong column) for a negative j."""
    j = -1 if data is None else data.draw(st.integers(-shape[1], -1), label="j")
    t, source = _matrix(shape, "contiguous", device, start=1)  # no zero anywhere before
    _check_zero_column(
        impl, t, j, f"t = {source}", situation=f"t[:, {j}] = 0: a negative j counts from the last column"
    )


@pytest.mark.parametrize("device", devices())
def test_zero_column_zeroes_inf_and_nan_entries_too(impl, device: str) -> None:
    """Column j becomes 0 whatever it held: multiplying by a 0/1 mask leaves nan there (inf * 0 is nan)."""
    t, source = _matrix((5, 7), "contiguous", device, start=1)
    t[1, 2], t[3, 2], t[0, 4], t[2, 5] = float("inf"), float("nan"), float("-inf"), float("nan")
    setup = (
        f"t = {source}; t[1, 2], t[3, 2], t[0, 4], t[2, 5] = float('inf'), float('nan'), float('-inf'), float('nan')"
    )
    _check_zero_column(impl, t, 2, setup, situation="t holds inf and nan, in column 2 and in others")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("device", devices())
def test_zero_column_changes_t_in_place(impl, layout: str, device: str) -> None:
    """t itself, also when t is a transposed view: t.reshape(-1)[j::n] = 0 writes into a copy of such a t."""
    t, source = _matrix((17, 11), layout, device, start=1)  # no zero anywhere before
    impl.zero_column(t, 3)
    check(
        bool((t[:, 3] == 0).all()),
        call=_after(Call.of("zero_column", "t", "3", setup=f"t = {source}"), "t[:, 3]"),
        actual=t[:, 3],
        expected="all zeros: t itself is changed (in place), not a copy of it",
        situation=f"a {layout} t",
    )


@pytest.mark.parametrize("device", devices())
def test_zero_column_returns_t_itself(impl, device: str) -> None:
    t = make_counting_matrix((17, 11), device=device) + 1
    check_is(impl.zero_column(t, 3), t, call=Call.of("zero_column", "t", "3", setup="t = torch.ones(17, 11)"))


@pytest.mark.parametrize("dtype", [torch.int64, torch.bool], ids=str)
def test_zero_column_keeps_the_dtype_of_t(impl, dtype: torch.dtype) -> None:
    """An int64 or bool t (the page's are float32) is zeroed in place too: `t = t.float()` first zeroes a copy."""
    t = (make_counting_matrix((5, 7)) + 1).to(dtype)  # no zero anywhere before (bool: all True)
    expected = t.clone()
    expected[:, 2] = 0
    c = Call.of("zero_column", "t", "2", setup=f"t = (torch.arange(35).view(5, 7) + 1).to({dtype})")
    check_is(impl.zero_column(t, 2), t, call=c)
    check_tensor_equal(t, expected, call=_after(c), situation=f"an {dtype} t")


# ---------------------------------------------------------------------------------------------
# Joining tensors


@pytest.mark.parametrize("device", devices())
def test_concat_of_three_4x4_on_dim_1_gives_4x12(impl, device: str) -> None:
    """The tutorial's torch.cat([tensor, tensor, tensor], dim=1) of a 4x4 tensor."""
    t = make_counting_matrix((4, 4), device=device)
    c = Call.of("concat", "[t, t, t]", dim="1", setup="t = torch.arange(16.).view(4, 4)")
    check_tensor_equal(impl.concat([t, t, t], dim=1), torch.cat([t, t, t], dim=1), call=c)


# (2, 3, 4) and (2, 5, 4): dim=1 is not the last dimension, so a default dim=-1 joins the wrong one (and raises).
@pytest.mark.parametrize("shapes", [[(5, 3), (5, 2)], [(2, 3, 4), (2, 5, 4)]], ids=["2d", "3d"])
@pytest.mark.parametrize("device", devices())
def test_concat_defaults_to_dim_1(impl, shapes: list, device: str) -> None:
    a, b = (make_tensor(s, device=device) for s in shapes)
    expected = torch.cat([a, b], dim=1)
    c = Call.of("concat", "[a, b]", setup=f"a = torch.ones{shapes[0]}; b = torch.zeros{shapes[1]}")
    default = "the contract's default dim=1"
    # torch.cat on another dim raises "Sizes of tensors must match": reported as the call's error
    out = call_checked(
        lambda: impl.concat([a, b]), call=c, expected=f"shape {tuple(expected.shape)}", situation=default
    )
    check_tensor_equal(out, expected, call=c, situation=default)


@pytest.mark.parametrize(
    ("dim", "shapes"), [(0, [(2, 7), (3, 7), (1, 7)]), (1, [(7, 2), (7, 3), (7, 1)])], ids=["dim0", "dim1"]
)
@pytest.mark.parametrize("container", [list, tuple], ids=["list", "tuple"])
@pytest.mark.parametrize("device", devices())
def test_concat_joins_along_dim(impl, dim: int, shapes: list, container: type, device: str) -> None:
    tensors = container(make_tensor(s, device=device) for s in shapes)
    c = Call.of("concat", f"{container.__name__}(torch.rand(s) for s in {shapes})", dim=str(dim))
    check_tensor_equal(impl.concat(tensors, dim=dim), torch.cat(tensors, dim=dim), call=c)


@pytest.mark.parametrize("device", devices())
def test_concat_dim_1_is_the_second_dimension(impl, device: str) -> None:
    """dim=1 joins side by side: (7, 2) and (7, 3) give (7, 5), the number of rows is unchanged.

    The text says "dim = 1 在第一个维度进行拼接" (dim=1 joins along the FIRST dimension): dimensions count from
    0, so dim=1 is the second one (the columns of a matrix); dim=0 is the first (stacks rows).
    """
    a, b = make_counting_matrix((7, 2), device=device), make_counting_matrix((7, 3), device=device)
    out = impl.concat([a, b], dim=1)
    c = Call.of("concat", "[torch.ones(7, 2), torch.ones(7, 3)]", dim="1")
    check_equal(tuple(getattr(out, "shape", ())), (7, 5), call=c.dot("shape"))


@pytest.mark.parametrize("dtype", [torch.int64, torch.bool], ids=str)
@pytest.mark.parametrize("device", devices())
def test_concat_keeps_the_dtype_of_its_tensors(impl, dtype: torch.dtype, device: str) -> None:
    """torch.cat of int64 (or bool) tensors is int64 (or bool): no .float() on the way."""
    a, b = make_tensor((5, 3), dtype=dtype, device=device), make_tensor((5, 2), dtype=dtype, device=device)
    c = Call.of("concat", f"[torch.ones(5, 3, dtype={dtype}), torch.ones(5, 2, dtype={dtype})]", dim="1")
    check_tensor_equal(impl.concat([a, b], dim=1), torch.cat([a, b], dim=1), call=c)


@given(strategies.concat_cases())
@pytest.mark.parametrize("device", devices())
def test_concat_matches_torch_cat(impl, device: str, case: tuple[list, int]) -> None:
    shapes, dim = case
    tensors = [make_tensor(s, device=device) for s in shapes]
    c = Call.of("concat", f"[torch.rand(s) for s in {shapes}]", dim=str(dim))
    check_tensor_equal(impl.concat(tensors, dim=dim), torch.cat(tensors, dim=dim), call=c)


# ---------------------------------------------------------------------------------------------
# Arithmetic: matrix product versus element-wise product


@given(m=st.integers(1, 7), k=st.integers(1, 7), n=st.integers(1, 7))
@example(m=5, k=7, n=3)
@example(m=3, k=7, n=3)  # b @ a would fit here, so the order of the factors must show in the values
@pytest.mark.parametrize("device", devices())
def test_matmul_is_the_matrix_product(impl, device: str, m: int, k: int, n: int) -> None:
    a, b = make_tensor((m, k), device=device), make_tensor((k, n), device=device)
    out = impl.matmul(a, b)
    c = Call.of("matmul", "a", "b", setup=f"a, b = torch.rand({m}, {k}), torch.rand({k}, {n})")
    # float32 sums of k products up to 81, against the float64 product; the dtype is checked on its own below
    product = "the matrix product, (m, k) @ (k, n) -> (m, n)"
    check_tensor(
        out, a.double() @ b.double(), call=c, tol=Tol(rtol=1e-5, atol=1e-3), check_dtype=False, situation=product
    )
    check_equal(out.dtype, torch.float32, call=c.dot("dtype"))


@pytest.mark.parametrize("device", devices())
def test_matmul_keeps_the_dtype_of_its_operands(impl, device: str) -> None:
    """a @ b of float64 matrices is float64 (and of int64 matrices int64, on the CPU): no cast to float32."""
    # int64 on the CPU only: CUDA has no integer matmul (pytorch/pytorch#44428)
    for dtype in [torch.float64] + ([torch.int64] if device == "cpu" else []):
        a, b = make_tensor((5, 7), dtype=dtype, device=device), make_tensor((7, 3), dtype=dtype, device=device)
        setup = f"a, b = torch.ones(5, 7, dtype={dtype}), torch.ones(7, 3, dtype={dtype})"
        # float64 sums of 7 products up to 81, in any order
        check_tensor(
            impl.matmul(a, b), a @ b, call=Call.of("matmul", "a", "b", setup=setup), tol=Tol(rtol=1e-12, atol=1e-9)
        )


@pytest.mark.parametrize("device", devices())
def test_matmul_of_tensor_and_its_transpose_is_not_elementwise(impl, device: str) -> None:
    """The tutorial's tensor @ tensor.T, on a (4, 5) tensor: a (4, 4) result."""
    t = make_counting_matrix((4, 5), device=device)
    c = Call.of("matmul", "t", "t.T", setup="t = torch.arange(20.).view(4, 5)")
    check_tensor(impl.matmul(t, t.T), t.double() @ t.T.double(), call=c, tol=CLOSE, check_dtype=False)


@given(shape=strategies.shapes(max_dims=3), dtype=st.sampled_from([torch.float32, torch.int64]))
@example(shape=(17, 11), dtype=torch.float32)
@example(shape=(17, 11), dtype=torch.int64)  # int64 products stay int64: a.float() * b.float() is float32
@pytest.mark.parametrize("device", devices())
def test_mul_is_the_elementwise_product(impl, device: str, shape: tuple[int, ...], dtype: torch.dtype) -> None:
    """The tutorial's z1 = tensor * tensor: same shape in, same shape out, entry by entry."""
    a, b = make_tensor(shape, dtype=dtype, device=device), make_tensor(shape, dtype=dtype, device=device)
    make = f"torch.ones({shape}, dtype={dtype}).random_(-9, 10)"
    c = Call.of("mul", "a", "b", setup=f"a, b = {make}, {make}")
    check_tensor(impl.mul(a, b), a * b, call=c, tol=CLOSE)


@pytest.mark.parametrize("name", ["matmul", "mul"])
@pytest.mark.parametrize("device", devices())
def test_matmul_and_mul_leave_operands_unchanged(impl, name: str, device: str) -> None:
    a = make_tensor((5, 7), device=device)
    b = make_tensor((7, 3) if name == "matmul" else (5, 7), device=device)
    a0, b0 = a.clone(), b.clone()
    getattr(impl, name)(a, b)
    c = Call.of(name, "a", "b", setup=f"a, b = torch.rand(5, 7), torch.rand{tuple(b.shape)}")
    check_unchanged(a, a0, call=c, name="a")
    check_unchanged(b, b0, call=c, name="b")


# ---------------------------------------------------------------------------------------------
# Single-element tensors: "you can convert it to a Python numerical value using item()"

PY_TYPES = {torch.int64: int, torch.int32: int, torch.uint8: int, torch.float32: float, torch.float64: float}
PY_TYPES[torch.bool] = bool


@pytest.mark.parametrize("shape", [(), (1,), (1, 1)], ids=["0d", "1", "1x1"])
@pytest.mark.parametrize("dtype", list(PY_TYPES), ids=str)
@pytest.mark.parametrize("device", devices())
def test_to_python_returns_a_python_number(impl, shape: tuple[int, ...], dtype: torch.dtype, device: str) -> None:
    t = make_tensor(shape, dtype=dtype, device=device, low=1, high=9)
    out = impl.to_python(t)
    c = Call.of("to_python", f"torch.full({shape}, {t.item()!r}, dtype={dtype})")
    check_equal(type(out), PY_TYPES[dtype], call=c.named(f"type({c})"), kind="type", situation="a Python number")
    check_equal(out, t.item(), call=c)


@given(value=st.one_of(st.integers(-(2**62), 2**62), st.floats(width=32, allow_nan=False), st.booleans()))
@example(value=3)
@pytest.mark.parametrize("device", devices())
def test_to_python_gives_back_the_value_of_any_one_element_tensor(impl, device: str, value) -> None:
    out = impl.to_python(torch.tensor(value, device=device))
    c = Call.of("to_python", f"torch.tensor({value!r})")
    check_equal(type(out), type(value), call=c.named(f"type({c})"), kind="type")
    check_equal(out, value, call=c)


@pytest.mark.parametrize("device", devices())
def test_to_python_of_the_tutorial_sum(impl, device: str) -> None:
    """agg = tensor.sum(); agg_item = agg.item(): a float."""
    t = make_counting_matrix((4, 5), device=device)
    c = Call.of("to_python", "torch.arange(20.).view(4, 5).sum()")
    check_equal(impl.to_python(t.sum()), float(t.sum().item()), call=c)


@pytest.mark.parametrize("device", devices())
def test_to_python_of_a_tensor_that_requires_grad(impl, device: str) -> None:
    """A loss is a one-element tensor that requires grad (tutorial 1.8's loss.item()): t.numpy() refuses it."""
    w = make_tensor((4, 5), device=device, requires_grad=True)
    loss = (w * w).sum()
    c = Call.of("to_python", "(w * w).sum()", setup="w = torch.ones(4, 5, requires_grad=True)")
    check_equal(impl.to_python(loss), loss.item(), call=c, situation="a one-element tensor in an autograd graph")


@pytest.mark.parametrize("shape", [(2,), (17, 11), (1, 3), (0,)], ids=["2", "17x11", "1x3", "empty"])
@pytest.mark.parametrize("device", devices())
def test_to_python_refuses_tensor_without_exactly_one_element(impl, shape: tuple[int, ...], device: str) -> None:
    t = make_tensor(shape, device=device)
    check_raises(
        Exception,  # the contract says "raises": any exception
        lambda: impl.to_python(t),
        call=Call.of("to_python", f"torch.ones{shape}"),
        situation="only a one-element tensor has one value",
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
    c = Call.of("add_inplace", "t", repr(value), setup=f"t = torch.ones(17, 11, dtype={dtype})")
    check_tensor(t, expected, call=_after(c), tol=CLOSE)


@pytest.mark.parametrize("device", devices())
def test_add_inplace_returns_t_itself(impl, device: str) -> None:
    t = make_tensor((17, 11), device=device)
    check_is(impl.add_inplace(t, 5), t, call=Call.of("add_inplace", "t", "5", setup="t = torch.ones(17, 11)"))


@pytest.mark.parametrize("device", devices())
def test_add_inplace_changes_a_non_contiguous_t_too(impl, device: str) -> None:
    """t as a transposed view: t.reshape(-1).add_(value) adds into a copy of such a t, leaving t as it was."""
    t, source = _matrix((17, 11), "transposed", device)
    expected = t + 5
    impl.add_inplace(t, 5)
    c = Call.of("add_inplace", "t", "5", setup=f"t = {source}")
    check_tensor_equal(t, expected, call=_after(c), situation="t is a transposed view")


@pytest.mark.parametrize("device", devices())
def test_add_inplace_keeps_the_storage_of_t(impl, device: str) -> None:
    t = make_tensor((17, 11), device=device)
    ptr = t.untyped_storage().data_ptr()
    impl.add_inplace(t, 5)
    c = Call.of("add_inplace", "t", "5", setup="t = torch.ones(17, 11); p = t.untyped_storage().data_ptr()")
    situation = "p, t's storage before the call: an in-place operation stores its result in the operand"
    check_equal(
        t.untyped_storage().data_ptr(), ptr, call=_after(c, "t.untyped_storage().data_ptr()"), situation=situation
    )


# ---------------------------------------------------------------------------------------------
# Indexing and joining on other dtypes and strides: t is read, never changed

READS = {  # name: (the call on t, its arguments as typed, torch's answer)
    "first_row": (lambda f, t: f(t), "t", lambda t: t[0]),
    "first_column": (lambda f, t: f(t), "t", lambda t: t[:, 0]),
    "last_column": (lambda f, t: f(t), "t", lambda t: t[:, -1]),
    "concat": (lambda f, t: f([t, t], dim=0), "[t, t], dim=0", lambda t: torch.cat([t, t], dim=0)),
}


@pytest.mark.parametrize("dtype", [torch.int64, torch.bool], ids=str)
@pytest.mark.parametrize("name", sorted(READS))
def test_rows_and_columns_leave_t_unchanged_and_keep_its_dtype(impl, name: str, dtype: torch.dtype) -> None:
    """A transposed (7, 5) int64 or bool t: the result has t's dtype and values (`.float()`, or a copy through
    Python numbers, changes them), and t keeps its values, shape and strides (no in-place op on the caller's t)."""
    t = (make_counting_matrix((5, 7)) % 2 if dtype == torch.bool else make_counting_matrix((5, 7))).T.to(dtype)
    before, strides = t.clone(), t.stride()
    run, args, oracle = READS[name]
    values = "torch.arange(35).view(5, 7)" + (" % 2" if dtype == torch.bool else "")
    c = Call.of(name, args, setup=f"t = ({values}).T.to({dtype})")
    out = call_checked(lambda: run(getattr(impl, name), t), call=c, expected=f"a tensor of dtype {dtype}")
    check_equal(getattr(out, "dtype", type(out)), dtype, call=c.dot("dtype"))
    check_tensor_equal(out, oracle(before), call=c, situation=f"a transposed {dtype} t")
    check_unchanged(t, before, call=c, name="t", hint="index or join t, never change it")
    check_equal(t.stride(), strides, call=_after(c, "t.stride()"), kind="inputs_changed")
