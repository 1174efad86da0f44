"""Tutorial 1.3 Tensors (tensor), part 1: 1.3.1 initializing a tensor, 1.3.2 its attributes, moving it
between devices (1.3.3), and 1.3.4 the NumPy bridge.

Operations on tensors (indexing, joining, arithmetic, single-element tensors, in-place operations)
are in test_tensors_operations.py; the page's claims about torch itself in test_tensors_facts.py.

Situations each name's contract allows, all checked here:
- from_data: nested lists of int, float, bool (and ints mixed with floats), 1 to 3 levels deep.
- ones_like, rand_like: any shape (0-d included), floating, integer and bool dtypes, cpu/cuda/meta devices,
  t holding inf or nan; t unchanged; called twice (rand_like draws anew); the result is memory of its own
  (ones_like: writing one entry changes neither the others nor the next call's result).
- describe: shapes of 1 to 3 dims, three dtypes, cpu/cuda/meta.
- to_device: five dtypes, every cpu/cuda pair, the device as a str or a torch.device.
- from_numpy, to_numpy: fourteen dtypes, C order and a transposed view, writes on either side.
- every name: called twice on one input object changed in place in between (values, t.t_(), a.shape = ...,
  list.append): the second result follows the input as it is now.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import example, given
from hypothesis import strategies as st

from spec.helpers import strategies
from spec.helpers.calls import Call
from spec.helpers.checks import (
    check,
    check_equal,
    check_tensor_equal,
    check_unchanged,
    cpu,
    devices,
    fail,
    gpu,
    make_tensor,
    result_or_error,
)
from spec.helpers.random_stream import check_draws_no_random_numbers

pytestmark = pytest.mark.tensors


# ---------------------------------------------------------------------------------------------
# 1.3.1 Directly from data: "the data type is inferred automatically" (as torch.tensor infers it)


@given(strategies.nested_lists(kind="int"))
@example([[1, 2], [3, 4], [5, 6]])
def test_from_data_infers_int64_from_ints(impl, data: list) -> None:
    check_tensor_equal(impl.from_data(data), torch.tensor(data), call=Call.of("from_data", repr(data)))


@given(strategies.nested_lists(kind="float"))
@example([[1, 2.5], [3, 4], [5, 6]])  # one float among ints makes the whole tensor float32
def test_from_data_infers_float32_from_floats(impl, data: list) -> None:
    """float32 (torch's default dtype), not the float64 that np.array(data) would give."""
    check_tensor_equal(impl.from_data(data), torch.tensor(data), call=Call.of("from_data", repr(data)))


@given(strategies.nested_lists(kind="bool"))
@example([[True, False, True], [False, False, True]])
def test_from_data_infers_bool_from_bools(impl, data: list) -> None:
    check_tensor_equal(impl.from_data(data), torch.tensor(data), call=Call.of("from_data", repr(data)))


@pytest.mark.parametrize(
    "data", [[[1, 2, 3], [4, 5, 6]], [[0.5], [1.5], [2.5]], [[[1, 2]], [[3, 4]], [[5, 6]]]], ids=["2x3", "3x1", "3x1x2"]
)
def test_from_data_keeps_nesting_as_shape(impl, data: list) -> None:
    check_tensor_equal(impl.from_data(data), torch.tensor(data), call=Call.of("from_data", repr(data)))


# ---------------------------------------------------------------------------------------------
# 1.3.1 From another tensor: "the new tensor retains the properties (shape, datatype) of the argument
# tensor, unless explicitly overridden" (rand_like overrides the dtype: floating values)

LIKE_DTYPES = [torch.float32, torch.float64, torch.int64, torch.int32, torch.uint8, torch.bool]
NON_FLOATING = [torch.int64, torch.int32, torch.uint8, torch.bool]


def _like(name: str, shape: tuple[int, ...], dtype: torch.dtype, device: str) -> Call:
    """`name(t)` for t = torch.zeros(shape, dtype=dtype, device=device): the values of t do not matter."""
    return Call.of(name, "t", setup=f"t = torch.zeros({shape}, dtype={dtype}, device={device!r})")


@given(shape=strategies.shapes(), dtype=st.sampled_from([torch.float32, torch.int64]))
@example(shape=(17, 11), dtype=torch.float32)
@example(shape=(17, 11), dtype=torch.int64)
@example(shape=(), dtype=torch.float32)  # a 0-d tensor: torch.ones(*t.shape) is torch.ones(), which raises
@pytest.mark.parametrize("device", devices())
def test_ones_like_keeps_shape_and_device(impl, device: str, shape: tuple[int, ...], dtype: torch.dtype) -> None:
    out = impl.ones_like(make_tensor(shape, dtype=dtype, device=device))
    # a tensor, its shape, its device, then its values (all ones); its dtype: test_ones_like_keeps_dtype
    check_tensor_equal(
        out, torch.ones(shape, device=device), call=_like("ones_like", shape, dtype, device), check_dtype=False
    )


@pytest.mark.parametrize("dtype", LIKE_DTYPES, ids=str)
@pytest.mark.parametrize("device", devices())
def test_ones_like_keeps_dtype(impl, dtype: torch.dtype, device: str) -> None:
    out = impl.ones_like(make_tensor((5, 3), dtype=dtype, device=device))
    c = _like("ones_like", (5, 3), dtype, device)
    check_equal(getattr(out, "dtype", type(out)), dtype, call=c.dot("dtype"))
    check_tensor_equal(out, torch.ones(5, 3, dtype=dtype, device=device), call=c)


@pytest.mark.parametrize("device", devices())
def test_ones_like_does_not_modify_input(impl, device: str) -> None:
    t = make_tensor(dtype=torch.float32, device=device, low=2, high=9)
    before = t.clone()
    impl.ones_like(t)
    check_unchanged(t, before, call=Call.of("ones_like", "t", setup="t = torch.rand(17, 11)"), name="t")


@pytest.mark.parametrize("device", devices())
def test_ones_like_is_all_ones_whatever_t_holds(impl, device: str) -> None:
    """Ones are not computed from t's values: t * 0 + 1 (or t - t + 1) is nan where t holds inf or nan."""
    t = make_tensor((5, 7), dtype=torch.float32, device=device, low=-9, high=9)
    t[1, 2], t[3, 4], t[0, 6] = float("inf"), float("-inf"), float("nan")
    setup = "t = torch.rand(5, 7); t[1, 2], t[3, 4], t[0, 6] = float('inf'), float('-inf'), float('nan')"
    check_tensor_equal(
        impl.ones_like(t),
        torch.ones(5, 7, device=device),
        call=Call.of("ones_like", "t", setup=setup),
        situation="t holds inf, -inf and nan: only its shape, dtype and device matter",
    )


@pytest.mark.parametrize("device", devices())
def test_ones_like_result_is_a_tensor_of_its_own(impl, device: str) -> None:
    """Each call gives new memory, one element per entry: the caller may write into it. One 1 expanded to t's shape
    (every entry the same memory) or a cached tensor handed to every caller changes under such a write."""
    t = make_tensor((5, 3), device=device)
    ones = impl.ones_like(t)
    if isinstance(ones, torch.Tensor):
        result_or_error(lambda: ones.__setitem__((0, 0), 5))  # an expanded tensor may refuse the write: a finding
    again = impl.ones_like(t)
    expected = torch.ones(5, 3, device=device)
    c = Call.of("ones_like", "t", setup="t = torch.zeros(5, 3); a = ones_like(t); a[0, 0] = 5")
    check_tensor_equal(
        again, expected, call=c, situation="after a[0, 0] = 5 on a = ones_like(t): a new tensor each call"
    )
    expected[0, 0] = 5
    check_tensor_equal(ones, expected, call=c.named("a"), situation="writing one entry of a changes that entry only")


def _rand_like(impl, t: torch.Tensor, call: Call, *, tensor: bool = False) -> object:
    """impl.rand_like(t), where torch's own NotImplementedError fails the test: random floats drawn with t's
    integer dtype ('"check_uniform_bounds" not implemented for 'Long'') is a mistake, not a stub left to write.
    tensor=True: anything but a tensor fails here, before the test reads its values."""
    __tracebackhide__ = True
    error = ""
    try:
        out = impl.rand_like(t)
    except NotImplementedError as exc:
        if "not implemented for" not in str(exc):
            raise  # the learner's own stub: reported as not implemented
        error = f"NotImplementedError: {exc}"  # failed below, outside the except: no chained traceback
    if error:
        expected = (
            "floating values: torch.rand draws floats only, so ask for dtype=torch.float as the tutorial's "
            "torch.rand_like(x_data, dtype=torch.float) does"
        )
        fail(call, actual=error, expected=expected, kind="raised")
    if tensor:
        check(isinstance(out, torch.Tensor), call=call, actual=out, expected="a torch.Tensor", kind="type")
    return out


@given(shape=strategies.shapes(), dtype=st.sampled_from([torch.float32, torch.int64]))
@example(shape=(17, 11), dtype=torch.float32)
@example(shape=(17, 11), dtype=torch.int64)
@example(shape=(), dtype=torch.float32)  # a 0-d tensor: torch.rand(*t.shape) is torch.rand(), which raises
@pytest.mark.parametrize("device", devices())
def test_rand_like_keeps_shape_and_device(impl, device: str, shape: tuple[int, ...], dtype: torch.dtype) -> None:
    c = _like("rand_like", shape, dtype, device)
    out = _rand_like(impl, make_tensor(shape, dtype=dtype, device=device), c, tensor=True)
    check_equal(tuple(out.shape), shape, call=c.dot("shape"))
    check_equal(out.device, torch.empty(0, device=device).device, call=c.dot("device"))


@pytest.mark.parametrize("dtype", NON_FLOATING, ids=str)
@pytest.mark.parametrize("device", devices())
def test_rand_like_is_float32_for_non_floating_input(impl, dtype: torch.dtype, device: str) -> None:
    """The tutorial's x_rand = torch.rand_like(x_data, dtype=torch.float): x_data is int64, x_rand float32."""
    c = _like("rand_like", (5, 3), dtype, device)
    out = _rand_like(impl, make_tensor((5, 3), dtype=dtype, device=device), c)
    situation = "t is not floating: the tutorial's torch.rand_like(x_data, dtype=torch.float)"
    check_equal(getattr(out, "dtype", type(out)), torch.float32, call=c.dot("dtype"), situation=situation)


# float32 in, float32 out under either reading of the contract (t's dtype, or the tutorial's dtype=torch.float);
# a float64 t may give float64 (t's) or float32 (the tutorial's). Never float64 for a float32 t (dtype=torch.double).
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=str)
@pytest.mark.parametrize("device", devices())
def test_rand_like_is_floating_for_floating_input(impl, dtype: torch.dtype, device: str) -> None:
    c = _like("rand_like", (5, 3), dtype, device)
    out = _rand_like(impl, make_tensor((5, 3), dtype=dtype, device=device), c)
    allowed = sorted({torch.float32, dtype}, key=str)
    got = getattr(out, "dtype", out)
    check(got in allowed, call=c.dot("dtype"), actual=got, expected=" or ".join(map(str, allowed)))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.int64], ids=str)
@pytest.mark.parametrize("device", devices())
def test_rand_like_values_lie_in_0_1(impl, dtype: torch.dtype, device: str) -> None:
    """torch.rand draws from [0, 1): never negative, never 1 (torch.randn's normal values are out of range)."""
    c = _like("rand_like", (101, 99), dtype, device)
    out = _rand_like(impl, make_tensor((101, 99), dtype=dtype, device=device), c, tensor=True)
    low, high = out.min().item(), out.max().item()
    check(0 <= low and high < 1, call=c.dot("aminmax()"), actual=(low, high), expected="within [0, 1) (torch.rand)")


@pytest.mark.parametrize("device", devices())
def test_rand_like_values_are_uniform_on_0_1(impl, device: str) -> None:
    """A quarter of 20,467 uniform values fall below 0.25 and three quarters below 0.75 (within 6 sigma)."""
    c = _like("rand_like", (211, 97), torch.float32, device)
    out = _rand_like(impl, torch.zeros(211, 97, device=device), c, tensor=True).double()
    actual = tuple(round(x.item(), 4) for x in (out.mean(), (out < 0.25).double().mean(), (out < 0.75).double().mean()))
    check(
        abs(actual[0] - 0.5) < 0.015 and abs(actual[1] - 0.25) < 0.02 and abs(actual[2] - 0.75) < 0.02,
        call=c.named("(r.mean(), (r < 0.25).double().mean(), (r < 0.75).double().mean())").also(f"r = {c}"),
        actual=actual,
        expected="about (0.5, 0.25, 0.75): uniform on [0, 1) like torch.rand",
    )


@pytest.mark.parametrize("dtype", [torch.float32, torch.int64], ids=str)
@pytest.mark.parametrize("device", devices())
def test_rand_like_values_are_not_all_equal(impl, dtype: torch.dtype, device: str) -> None:
    c = _like("rand_like", (17, 11), dtype, device)
    distinct = _rand_like(impl, make_tensor((17, 11), dtype=dtype, device=device), c, tensor=True).unique().numel()
    check(distinct > 100, call=c.dot("unique().numel()"), actual=distinct, expected="about 187: one draw per element")


@pytest.mark.parametrize("device", devices())
def test_rand_like_draws_new_values_on_each_call(impl, device: str) -> None:
    """Two calls are two draws: seeding inside rand_like (torch.manual_seed, a fixed torch.Generator) repeats them."""
    t = torch.zeros(17, 11, device=device)
    c = _like("rand_like", (17, 11), torch.float32, device)
    first, second = _rand_like(impl, t, c, tensor=True), _rand_like(impl, t, c, tensor=True)
    same = int((first == second).sum())
    check(
        same < t.numel(),
        call=c.named("(rand_like(t) == rand_like(t)).sum()"),
        actual=same,
        expected="about 0 of 187: each call draws new random numbers (seed once, outside, if at all)",
    )


@pytest.mark.parametrize("device", devices())
def test_rand_like_does_not_modify_input(impl, device: str) -> None:
    t = make_tensor(dtype=torch.float32, device=device, low=2, high=9)
    before = t.clone()
    impl.rand_like(t)
    check_unchanged(t, before, call=Call.of("rand_like", "t", setup="t = torch.ones(17, 11)"), name="t")


# "meta" is a device every torch build has (tensors with a shape and dtype but no data): on a machine
# without a GPU it still tells "on t's device" from "on the default device", which the cuda items show on a GPU.
ON_META = "t on 'meta', which stands in for cuda on a machine without a GPU"


@pytest.mark.parametrize("name", ["ones_like", "rand_like"])
def test_ones_like_and_rand_like_put_the_result_on_the_device_of_t(impl, name: str) -> None:
    """Not on the default device, nor on whatever device the machine has: torch.rand(t.shape) lands on the CPU."""
    out = getattr(impl, name)(torch.empty(5, 3, device="meta"))
    c = Call.of(name, "torch.empty(5, 3, device='meta')").dot("device")
    check_equal(getattr(out, "device", type(out)), torch.device("meta"), call=c, situation=ON_META)


# ---------------------------------------------------------------------------------------------
# 1.3.2 Attributes: shape, dtype and the device the tensor is stored on

DESCRIBE_CASES = [((17, 11), torch.float32), ((3, 5, 7), torch.int64), ((4,), torch.bool)]
DESCRIBE_IDS = ["17x11-float32", "3x5x7-int64", "4-bool"]


def _describe(impl, shape: tuple[int, ...], dtype: torch.dtype, device: str) -> tuple[torch.Tensor, Any, Call]:
    """(t, describe(t), the call): describe(t) is a triple, or the test fails here."""
    __tracebackhide__ = True
    t = make_tensor(shape, dtype=dtype, device=device)
    out = impl.describe(t)
    c = _like("describe", shape, dtype, device)
    ok = isinstance(out, (tuple, list)) and len(out) == 3
    check(ok, call=c, actual=out, expected="a triple (shape, dtype, device)", kind="unpack")
    return t, out, c


@pytest.mark.parametrize(("shape", "dtype"), DESCRIBE_CASES, ids=DESCRIBE_IDS)
@pytest.mark.parametrize("device", devices())
def test_describe_gives_shape_first(impl, shape: tuple[int, ...], dtype: torch.dtype, device: str) -> None:
    t, (got, _, _), c = _describe(impl, shape, dtype, device)
    ok = isinstance(got, tuple) and tuple(got) == shape
    check(ok, call=c.at(0), actual=got, expected=f"t.shape = {t.shape}", kind="shape")


@pytest.mark.parametrize(("shape", "dtype"), DESCRIBE_CASES, ids=DESCRIBE_IDS)
@pytest.mark.parametrize("device", devices())
def test_describe_gives_dtype_second(impl, shape: tuple[int, ...], dtype: torch.dtype, device: str) -> None:
    t, (_, got, _), c = _describe(impl, shape, dtype, device)
    check_equal(got, t.dtype, call=c.at(1), kind="dtype")


@pytest.mark.parametrize(("shape", "dtype"), DESCRIBE_CASES, ids=DESCRIBE_IDS)
@pytest.mark.parametrize("device", devices())
def test_describe_gives_device_third(impl, shape: tuple[int, ...], dtype: torch.dtype, device: str) -> None:
    t, (_, _, got), c = _describe(impl, shape, dtype, device)
    ok = isinstance(got, torch.device) and got == t.device
    check(ok, call=c.at(2), actual=got, expected=f"t.device = {t.device!r} (a torch.device)", kind="device")


def test_describe_reports_the_device_of_t_not_of_the_machine(impl) -> None:
    """t.device, not torch.device("cuda" if torch.cuda.is_available() else "cpu") nor a fixed "cpu"."""
    out = impl.describe(torch.empty(4, 3, dtype=torch.int64, device="meta"))
    got = out[2] if isinstance(out, (tuple, list)) and len(out) == 3 else out
    c = Call.of("describe", "torch.empty(4, 3, dtype=torch.int64, device='meta')").at(2)
    check_equal(got, torch.device("meta"), call=c, kind="device", situation=ON_META)


# ---------------------------------------------------------------------------------------------
# 1.3.3 "By default, tensors are created on the CPU. We need to explicitly move tensors to the GPU
# using the .to method"

# (from, to): a move that touches CUDA is a gpu test.
TRANSFERS = [
    pytest.param(src, dst, marks=cpu if src == dst == "cpu" else gpu, id=f"{src}-to-{dst}")
    for src in ("cpu", "cuda")
    for dst in ("cpu", "cuda")
]


def _check_moved(out: object, before: torch.Tensor, target: str, call: Call) -> None:
    """A tensor on the target device with t's values and dtype."""
    __tracebackhide__ = True
    check(isinstance(out, torch.Tensor), call=call, actual=out, expected="a torch.Tensor", kind="type")
    check_equal(out.device.type, target, call=call.dot("device.type"), kind="device")
    check_tensor_equal(out.cpu(), before.cpu(), call=call.dot("cpu()"))


# float64 and uint8 too: a round trip through Python numbers (torch.tensor(t.tolist())) makes them float32, int64.
# torch.tensor(t, device=device) is right too: spec/plugin/hooks.py accepts the UserWarning torch gives with it.
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.int64, torch.uint8, torch.bool], ids=str)
@pytest.mark.parametrize(("device", "target"), TRANSFERS)
def test_to_device_moves_to_requested_device_keeping_values(impl, dtype: torch.dtype, device: str, target: str) -> None:
    t = make_tensor((17, 11), dtype=dtype, device=device)
    before = t.clone()
    setup = f"t = torch.ones(17, 11, dtype={dtype}, device={device!r})"
    _check_moved(impl.to_device(t, target), before, target, Call.of("to_device", "t", repr(target), setup=setup))


@pytest.mark.parametrize(("device", "target"), TRANSFERS)
def test_to_device_accepts_a_torch_device(impl, device: str, target: str) -> None:
    """The contract's device is a str or a torch.device: torch.device("cpu") != "cpu", so a comparison with the
    string picks the wrong branch; t.to(device) takes both."""
    t = make_tensor((17, 11), device=device)
    c = Call.of("to_device", "t", f"torch.device({target!r})", setup=f"t = torch.rand(17, 11, device={device!r})")
    _check_moved(impl.to_device(t, torch.device(target)), t, target, c)


@pytest.mark.parametrize(("device", "target"), [p for p in TRANSFERS if p.values[0] != p.values[1]])
def test_to_device_leaves_t_where_it_was(impl, device: str, target: str) -> None:
    """The result is on the new device; t stays where it was, with its values: `t.data = t.data.to(device)` moves
    the caller's tensor too. (A move to t's own device may return t itself, as t.to does: so a gpu test.)"""
    t = make_tensor((17, 11), device=device)
    before = t.clone()
    c = Call.of("to_device", "t", repr(target), setup=f"t = torch.rand(17, 11, device={device!r})")
    _check_moved(impl.to_device(t, target), before, target, c)
    check_unchanged(t, before, call=c, name="t", hint="return t.to(device); t itself stays where it was")


# ---------------------------------------------------------------------------------------------
# 1.3.4 Bridge with NumPy: "Tensors on the CPU and NumPy arrays can share their underlying memory
# locations, and changing one will change the other."

BRIDGE_DTYPES = [np.bool_, np.uint8, np.int8, np.int16, np.int32, np.int64, np.uint16, np.uint32, np.uint64]
BRIDGE_DTYPES += [np.float16, np.float32, np.float64, np.complex64, np.complex128]
# Every dtype in C order; two also as a transposed (Fortran-order) view, which must be shared as well.
BRIDGE_CASES = [pytest.param(dt, "c-order", id=np.dtype(dt).name) for dt in BRIDGE_DTYPES] + [
    pytest.param(dt, "transposed", id=f"{np.dtype(dt).name}-transposed") for dt in (np.float32, np.int64)
]


def _array_source(dtype: type, layout: str = "c-order") -> str:
    """The source of _array(dtype, layout), for the reproduce line."""
    name = np.dtype(dtype).name
    source = f"(np.arange(35).reshape(7, 5) % {2 if dtype is np.bool_ else 100}).astype({name!r})"
    return f"{source}.T" if layout == "transposed" else source


def _array(dtype: type, layout: str = "c-order") -> np.ndarray:
    """A (7, 5) array of distinct-ish values (0/1 for bool), or its (5, 7) transposed view."""
    array = (np.arange(35).reshape(7, 5) % (2 if dtype is np.bool_ else 100)).astype(dtype)
    return array.T if layout == "transposed" else array


def _tensor(dtype: type, layout: str = "c-order") -> torch.Tensor:
    return torch.from_numpy(_array(dtype, layout).copy(order="K"))


def _change_array(n: np.ndarray) -> str:
    """The tutorial's np.add(n, 1, out=n), in place (bool has no +1: logical_not instead)."""
    if n.dtype == np.bool_:
        np.logical_not(n, out=n)
        return "np.logical_not(n, out=n)"
    np.add(n, 1, out=n)
    return "np.add(n, 1, out=n)"


def _change_tensor(t: torch.Tensor) -> str:
    """The tutorial's t.add_(1), in place (torch has no add for bool and uint16/32/64: other writes)."""
    if t.dtype == torch.bool:
        t.logical_not_()
        return "t.logical_not_()"
    if t.dtype in (torch.uint16, torch.uint32, torch.uint64):
        t.fill_(7)
        return "t.fill_(7)"
    t.add_(1)
    return "t.add_(1)"


@pytest.mark.parametrize("dtype", BRIDGE_DTYPES, ids=lambda dt: np.dtype(dt).name)
def test_from_numpy_keeps_dtype_shape_and_values(impl, dtype: type) -> None:
    n = _array(dtype)
    c = Call.of("from_numpy", "n", setup=f"n = {_array_source(dtype)}")
    check_tensor_equal(impl.from_numpy(n), torch.from_numpy(n.copy()), call=c)


@pytest.mark.parametrize(("dtype", "layout"), BRIDGE_CASES)
def test_from_numpy_shares_memory_array_change_shows_in_tensor(impl, dtype: type, layout: str) -> None:
    n = _array(dtype, layout)
    t = impl.from_numpy(n)
    change = _change_array(n)
    c = Call.of("from_numpy", "n", setup=f"n = {_array_source(dtype, layout)}")
    after = c.named("t").also(f"t = {c}; {change}")
    check_tensor_equal(
        t, torch.from_numpy(n.copy(order="K")), call=after, situation="from_numpy shares memory: no copy"
    )


@pytest.mark.parametrize(("dtype", "layout"), BRIDGE_CASES)
def test_from_numpy_shares_memory_tensor_change_shows_in_array(impl, dtype: type, layout: str) -> None:
    n = _array(dtype, layout)
    t = impl.from_numpy(n)
    expected = torch.from_numpy(n.copy(order="K"))
    change = _change_tensor(t)
    _change_tensor(expected)
    c = Call.of("from_numpy", "n", setup=f"n = {_array_source(dtype, layout)}")
    after = c.named("n").also(f"t = {c}; {change}")
    check(
        np.array_equal(n, expected.numpy()),
        call=after,
        actual=n,
        expected=f"{expected.numpy()!r}: the change made through t",
        situation="from_numpy shares memory",
    )


@pytest.mark.parametrize("dtype", BRIDGE_DTYPES, ids=lambda dt: np.dtype(dt).name)
def test_to_numpy_keeps_dtype_shape_and_values(impl, dtype: type) -> None:
    t = _tensor(dtype)
    out = impl.to_numpy(t)
    c = Call.of("to_numpy", "t", setup=f"t = torch.from_numpy({_array_source(dtype)})")
    check(isinstance(out, np.ndarray), call=c, actual=type(out), expected="numpy.ndarray", kind="type")
    check_equal(out.dtype, np.dtype(dtype), call=c.dot("dtype"))
    ok = out.shape == tuple(t.shape) and np.array_equal(out, _array(dtype))
    check(ok, call=c, actual=out, expected=repr(_array(dtype)))


@pytest.mark.parametrize(("dtype", "layout"), BRIDGE_CASES)
def test_to_numpy_shares_memory_tensor_change_shows_in_array(impl, dtype: type, layout: str) -> None:
    t = _tensor(dtype, layout)
    n = impl.to_numpy(t)
    change = _change_tensor(t)
    c = Call.of("to_numpy", "t", setup=f"t = torch.from_numpy({_array_source(dtype, layout)})")
    check(
        isinstance(n, np.ndarray) and np.array_equal(n, t.numpy()),
        call=c.named("n").also(f"n = {c}; {change}"),
        actual=n,
        expected=f"{t.numpy()!r}: the change made to t",
        situation="to_numpy shares memory",
    )


@pytest.mark.parametrize(("dtype", "layout"), BRIDGE_CASES)
def test_to_numpy_shares_memory_array_change_shows_in_tensor(impl, dtype: type, layout: str) -> None:
    t = _tensor(dtype, layout)
    n = impl.to_numpy(t)
    c = Call.of("to_numpy", "t", setup=f"t = torch.from_numpy({_array_source(dtype, layout)})")
    check(isinstance(n, np.ndarray), call=c, actual=type(n), expected="numpy.ndarray", kind="type")
    expected = torch.from_numpy(n.copy(order="K"))
    change = _change_array(n)
    _change_array(expected.numpy())
    after = c.named("t").also(f"n = {c}; {change}")
    check_tensor_equal(t, expected, call=after, situation="to_numpy shares memory")


# ---------------------------------------------------------------------------------------------
# The global random stream: every name of the page but rand_like draws nothing from it, nor reseeds it.

GRID = "t = torch.arange(12.0).reshape(3, 4)"
# name -> (the call, made of fresh inputs that draw nothing; its arguments as a learner would type them)
DETERMINISTIC: dict[str, tuple[Any, str]] = {
    "from_data": (lambda f, t: f([[1, 2], [3, 4]]), "[[1, 2], [3, 4]]"),
    "from_numpy": (lambda f, t: f(np.ones((2, 3))), "np.ones((2, 3))"),
    "to_numpy": (lambda f, t: f(t), "t"),
    "ones_like": (lambda f, t: f(t), "t"),
    "describe": (lambda f, t: f(t), "t"),
    "to_device": (lambda f, t: f(t, "cpu"), "t, 'cpu'"),
    "first_row": (lambda f, t: f(t), "t"),
    "first_column": (lambda f, t: f(t), "t"),
    "last_column": (lambda f, t: f(t), "t"),
    "zero_column": (lambda f, t: f(t, 1), "t, 1"),
    "concat": (lambda f, t: f([t, t]), "[t, t]"),
    "matmul": (lambda f, t: f(t, t.T), "t, t.T"),
    "mul": (lambda f, t: f(t, t), "t, t"),
    "to_python": (lambda f, t: f(t[0, 1]), "t[0, 1]"),
    "add_inplace": (lambda f, t: f(t, 1), "t, 1"),
}


@pytest.mark.parametrize("name", sorted(DETERMINISTIC))
def test_tensor_functions_draw_no_random_numbers(impl, name: str) -> None:
    """Only rand_like draws random numbers: the page's other functions leave torch's random stream where it was
    (a torch.manual_seed inside makes every later "random" number of the caller's run the same)."""
    run, args = DETERMINISTIC[name]
    call = Call.of(name, args, setup=f"import numpy as np; {GRID}")
    check_draws_no_random_numbers(lambda: run(getattr(impl, name), torch.arange(12.0).reshape(3, 4)), call=call)


# ---------------------------------------------------------------------------------------------
# Called twice on the same input object, changed in place in between: the second result follows the input as it is
# now (a result kept by id(input) "to save work" is stale). Views follow their base's values by themselves, so
# their input changes its shape in place (t.t_(), a.shape = ...); the others change values or grow (list.append).


def _grid() -> torch.Tensor:
    return torch.arange(6.0).reshape(2, 3)


def _shape_of(r: Any) -> torch.Tensor:
    return torch.tensor(tuple(r.shape))


# name -> (fresh inputs, the change in place, the expected second result (computed after the change, before the
# call), the result as a tensor to compare, source text: inputs, arguments, change)
CHANGED_IN_PLACE: dict[str, tuple[Any, Any, Any, Any, str, str, str]] = {
    "from_data": (
        lambda: ([[1, 2], [3, 4]],),
        lambda data: data.append([5, 6]),
        lambda data: torch.tensor(data),
        lambda r: r,
        "data = [[1, 2], [3, 4]]",
        "data",
        "data.append([5, 6])",
    ),
    "from_numpy": (
        lambda: (np.arange(6.0).reshape(2, 3),),
        lambda a: setattr(a, "shape", (3, 2)),
        lambda a: torch.from_numpy(a.copy()),
        lambda r: r,
        "a = np.arange(6.0).reshape(2, 3)",
        "a",
        "a.shape = (3, 2)",
    ),
    "to_numpy": (
        lambda: (_grid(),),
        lambda t: t.t_(),
        lambda t: t.clone(),
        lambda r: torch.from_numpy(np.asarray(r)),
        "t = torch.arange(6.0).reshape(2, 3)",
        "t",
        "t.t_()",
    ),
    "ones_like": (
        lambda: (_grid(),),
        lambda t: t.t_(),
        lambda t: torch.ones(3, 2),
        lambda r: r,
        "t = torch.arange(6.0).reshape(2, 3)",
        "t",
        "t.t_()",
    ),
    "rand_like": (
        lambda: (_grid(),),
        lambda t: t.t_(),
        lambda t: torch.tensor((3, 2)),
        _shape_of,
        "t = torch.arange(6.0).reshape(2, 3)",
        "t",
        "t.t_()",
    ),
    "describe": (
        lambda: (_grid(),),
        lambda t: t.t_(),
        lambda t: torch.tensor((3, 2)),
        lambda r: torch.tensor(tuple(r[0])),
        "t = torch.arange(6.0).reshape(2, 3)",
        "t",
        "t.t_()",
    ),
    "to_device": (
        lambda: (_grid(), "cpu"),
        lambda t, device: t.mul_(10),
        lambda t, device: t.clone(),
        lambda r: r,
        "t = torch.arange(6.0).reshape(2, 3)",
        "t, 'cpu'",
        "t.mul_(10)",
    ),
    "first_row": (
        lambda: (_grid(),),
        lambda t: t.t_(),
        lambda t: t[0].clone(),
        lambda r: r,
        "t = torch.arange(6.0).reshape(2, 3)",
        "t",
        "t.t_()",
    ),
    "first_column": (
        lambda: (_grid(),),
        lambda t: t.t_(),
        lambda t: t[:, 0].clone(),
        lambda r: r,
        "t = torch.arange(6.0).reshape(2, 3)",
        "t",
        "t.t_()",
    ),
    "last_column": (
        lambda: (_grid(),),
        lambda t: t.t_(),
        lambda t: t[:, -1].clone(),
        lambda r: r,
        "t = torch.arange(6.0).reshape(2, 3)",
        "t",
        "t.t_()",
    ),
    "zero_column": (
        lambda: (_grid(), 0),
        lambda t, j: t.fill_(7),
        lambda t, j: torch.tensor([[0.0, 7, 7], [0, 7, 7]]),
        lambda r: r,
        "t = torch.arange(6.0).reshape(2, 3)",
        "t, 0",
        "t.fill_(7)",
    ),
    "concat": (
        lambda: ([_grid(), _grid()],),
        lambda ts: ts.append(_grid()),
        lambda ts: torch.cat(ts, dim=1),
        lambda r: r,
        "ts = [torch.arange(6.0).reshape(2, 3), torch.arange(6.0).reshape(2, 3)]",
        "ts",
        "ts.append(torch.arange(6.0).reshape(2, 3))",
    ),
    "matmul": (
        lambda: (_grid(), _grid().T),
        lambda a, b: a.add_(1),
        lambda a, b: a @ b,
        lambda r: r,
        "a = torch.arange(6.0).reshape(2, 3); b = a.T.clone()",
        "a, b",
        "a.add_(1)",
    ),
    "mul": (
        lambda: (_grid(), _grid()),
        lambda a, b: a.add_(1),
        lambda a, b: a * b,
        lambda r: r,
        "a = torch.arange(6.0).reshape(2, 3); b = a.clone()",
        "a, b",
        "a.add_(1)",
    ),
    "to_python": (
        lambda: (torch.tensor(2.5),),
        lambda t: t.fill_(-4.0),
        lambda t: torch.tensor(-4.0),
        lambda r: torch.tensor(r),
        "t = torch.tensor(2.5)",
        "t",
        "t.fill_(-4.0)",
    ),
    "add_inplace": (
        lambda: (_grid(), 1),
        lambda t, value: t.zero_(),
        lambda t, value: torch.ones(2, 3),
        lambda r: r,
        "t = torch.arange(6.0).reshape(2, 3)",
        "t, 1",
        "t.zero_()",
    ),
}


@pytest.mark.parametrize("name", sorted(CHANGED_IN_PLACE))
def test_tensor_functions_follow_an_input_changed_in_place_between_two_calls(impl, name: str) -> None:
    """The same input object twice, changed in place in between: the second call reads it as it is now."""
    make, change, expect, as_tensor, setup, args, change_source = CHANGED_IN_PLACE[name]
    f = getattr(impl, name)
    inputs = make()
    f(*inputs)
    change(*inputs)
    expected = expect(*inputs)
    call = Call.of(name, args, setup=f"import numpy as np; {setup}; {name}({args}); {change_source}")
    check_tensor_equal(
        as_tensor(f(*inputs)), expected, call=call, situation=f"the input changed in place ({change_source})"
    )
