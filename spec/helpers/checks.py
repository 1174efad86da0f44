"""Check helpers shared by every spec page: each failed check raises a `Failure` as data.

A check takes the `Call` that ran (spec/helpers/calls.py), so the message's call and its reproduce line
come from one value, and the section comes from the call's concept (spec/contract.py). What it raises is
a `SpecFailure`, pytest's own failure carrying the fields: every output renders them, none parses text.

    check_equal(out.dtype, torch.float32, call=Call.of("one_hot", "3").dot("dtype"))
    -> one_hot(3).dtype=torch.int64, but should be torch.float32 [tutorial 1.5 Transforms, Lambda Transforms]
         reproduce: one_hot(3).dtype

Devices and input factories are here too: `devices()`, `make_tensor`, `make_counting_matrix`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import pytest
import torch

from spec.helpers.calls import EXACT, Call, Tol
from spec.results.failure import Failure

# What the checks compare with, taken when the spec is imported, before any submission is: a submission that
# rebinds torch's own (`torch.testing.assert_close = ...`) changes nothing here, and
# the grader's fingerprint (spec/teacher/trust.py) names the rebinding.
_assert_close = torch.testing.assert_close
_isclose = torch.isclose
_equal = torch.equal
# The tensor types a result may have: torch's own, and torchvision's tv_tensors (v2.ToImage gives an Image). Any
# other subclass can answer the spec's comparisons for itself (__torch_function__).
TENSOR_TYPES = (torch.Tensor, torch.nn.Parameter)


def _torchs_own(kind: type) -> bool:
    tv_tensors = sys.modules.get("torchvision.tv_tensors")  # imported by torchvision.transforms.v2, if at all
    return kind in TENSOR_TYPES or (tv_tensors is not None and any(kind is t for t in vars(tv_tensors).values()))


# Marks for device parameters; the plugin skips gpu items when CUDA is absent.
cpu = pytest.mark.cpu
gpu = pytest.mark.gpu


def devices() -> list[Any]:
    """Parameters for a `device` argument: "cpu" (mark cpu) and "cuda" (mark gpu)."""
    return [pytest.param("cpu", marks=cpu, id="cpu"), pytest.param("cuda", marks=gpu, id="cuda")]


def make_tensor(
    shape: Sequence[int] = (17, 11),
    *,
    dtype: torch.dtype = torch.float32,
    device: str | torch.device = "cpu",
    low: float | None = None,
    high: float | None = None,
    requires_grad: bool = False,
) -> torch.Tensor:
    """Random tensor; the default shape is small, odd and non-square so transpositions show."""
    return torch.testing.make_tensor(
        tuple(shape), dtype=dtype, device=device, low=low, high=high, requires_grad=requires_grad
    )


def make_counting_matrix(shape: Sequence[int] = (17, 11), *, device: str | torch.device = "cpu") -> torch.Tensor:
    """float32 0, 1, 2, ... laid out row by row: every row and column is recognisable in a message."""
    rows, cols = shape
    return torch.arange(rows * cols, dtype=torch.float32, device=device).view(rows, cols)


def source_of(t: torch.Tensor) -> str:
    """Code that makes a tensor like t, for a reproduce line: torch.ones, zeros or eye where it is one, else rand
    (values >= 0) or randn; with its dtype and device where not the defaults, and requires_grad=True where it
    requires grad. `source_of(torch.rand(3, 5, dtype=torch.float64))` -> "torch.rand(3, 5, dtype=torch.float64)"."""
    d = t.detach()
    if bool((d == 1).all()):
        maker = "ones"
    elif not bool(d.any()):
        maker = "zeros"
    elif d.ndim == 2 and torch.equal(d, torch.eye(*d.shape, dtype=d.dtype, device=d.device)):
        maker = "eye"
    else:
        maker = "rand" if bool((d >= 0).all()) else "randn"
    args = [str(n) for n in t.shape]
    args += [f"dtype={t.dtype}"] if t.dtype != torch.float32 else []
    args += [f"device={t.device.type!r}"] if t.device.type != "cpu" else []
    args += ["requires_grad=True"] if t.requires_grad else []
    return f"torch.{maker}({', '.join(args)})"


def short(value: Any, limit: int = 300) -> str:
    """A value as a message shows it: a large tensor by its shape, dtype and device; long text cut."""
    text = repr(value)
    if isinstance(value, torch.Tensor) and value.numel() > 12:
        text = f"tensor(shape={tuple(value.shape)}, dtype={value.dtype}, device={value.device})"
    elif isinstance(value, torch.nn.Module):  # a model's printout is many lines: its class and layers' names
        names = [name for name, _ in value.named_children()]
        text = f"{type(value).__name__}({', '.join(names)})" if names else f"{type(value).__name__}()"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class SpecFailure(pytest.fail.Exception):
    """pytest's failure (no traceback of the spec's own code), carrying the `Failure` it reports."""

    def __init__(self, failure: Failure, error: BaseException | None = None) -> None:
        super().__init__(failure.render("en"), pytrace=False)
        self.failure = failure
        self.error = error  # the learner's error behind a failed call: the plugin finds their file and line in it


def fail(
    call: Call,
    *,
    actual: str,
    expected: str,
    kind: str = "value",
    situation: str = "",
    raised: str = "",
    error: BaseException | None = None,
) -> None:
    """Raise the failure of `call`: the one way every check below ends. `error`: the exception the call raised."""
    __tracebackhide__ = True
    raise SpecFailure(
        Failure(
            concept=call.concept,
            call=call.text,
            actual=actual,
            expected=expected,
            kind=kind,
            situation=situation,
            reproduce=call.reproduce,
            raised=raised,
        ),
        error,
    ) from None  # raised inside an `except` of a check: the spec's words alone, never "During handling of..."


def _kind_of(call: Call, default: str) -> str:
    """What a plain comparison is about, from the call's last attribute: `.dtype`, `.shape`, `.device`."""
    for suffix, kind in ((".dtype", "dtype"), (".shape", "shape"), (".size()", "shape"), (".device", "device")):
        if call.text.endswith(suffix):
            return kind
    return default


def check(
    condition: object, *, call: Call, actual: Any, expected: str, kind: str | None = None, situation: str = ""
) -> None:
    """Fail unless `condition` holds. `expected` is prose for properties that are not one value ("in [0, 1)");
    `kind` is inferred from the call (`.dtype`, `.shape`, `.device`) only where it is not given."""
    __tracebackhide__ = True
    if not condition:
        fail(call, actual=short(actual), expected=expected, kind=kind or _kind_of(call, "value"), situation=situation)


def check_equal(actual: Any, expected: Any, *, call: Call, kind: str | None = None, situation: str = "") -> None:
    """`actual == expected` for plain values (shapes, dtypes, devices, ints, strings, types); True is not 1."""
    __tracebackhide__ = True
    try:
        equal = bool(actual == expected)
    except (RuntimeError, ValueError):  # tensors of several elements
        equal = False
    if not equal or type(actual) is not type(expected) and isinstance(expected, (bool, torch.dtype)):
        fail(
            call,
            actual=short(actual),
            expected=short(expected),
            kind=kind or _kind_of(call, "value"),
            situation=situation,
        )


def check_is(actual: Any, expected: Any, *, call: Call, situation: str = "") -> None:
    """`actual is expected`: the very same object (in-place operations return their input)."""
    __tracebackhide__ = True
    if actual is not expected:
        fail(
            call,
            actual=short(actual),
            expected="the very same object it was given (in-place)",
            kind="same_object",
            situation=situation,
        )


SHOWN_DIFFERENCES = 3  # elements a values failure shows, the first ones in memory order


def _differences(actual: torch.Tensor, expected: torch.Tensor, tol: Tol) -> tuple[str, str]:
    """(the learner's values, the expected ones) at the first elements that differ, with their index and how many
    differ: ("[15]=6, [16]=7 (2/17)", "[15]=0, [16]=0 (rtol=0, atol=0)"). Values on the CPU, as float64."""
    a, e = actual.detach().cpu().to(torch.float64), expected.detach().cpu().to(torch.float64)
    close = _isclose(a, e, rtol=tol.rtol, atol=tol.atol, equal_nan=True)
    bad = (~close).nonzero()
    tolerance = f"rtol={tol.rtol:g}, atol={tol.atol:g}"
    if bad.numel() == 0:  # isclose and assert_close disagree only at the edge of the tolerance
        return f"({a.numel()} elements)", f"({tolerance})"
    indices = [tuple(int(i) for i in row) for row in bad[:SHOWN_DIFFERENCES]]

    def at(t: torch.Tensor) -> str:
        return ", ".join(f"[{', '.join(map(str, i))}]={t[i].item():.6g}" for i in indices)

    more = ", ..." if bad.shape[0] > SHOWN_DIFFERENCES else ""
    return f"{at(a)}{more} ({bad.shape[0]}/{a.numel()})", f"{at(e)}{more} ({tolerance})"


def check_tensor(
    actual: Any,
    expected: torch.Tensor,
    *,
    call: Call,
    tol: Tol,
    check_dtype: bool = True,
    check_device: bool = True,
    situation: str = "",
) -> None:
    """Type, shape, then (by default) dtype and device, then values within `tol`, each failing on its own."""
    __tracebackhide__ = True
    if not isinstance(actual, torch.Tensor):
        fail(
            call,
            actual=f"{short(actual)} of type {type(actual).__name__}",
            expected="a torch.Tensor",
            kind="type",
            situation=situation,
        )
    if not _torchs_own(type(actual)):
        fail(
            call,
            actual=f"an object of class {type(actual).__qualname__} (a subclass of torch.Tensor)",
            expected="a torch.Tensor itself (a subclass can answer the spec's comparisons for itself)",
            kind="type",
            situation=situation,
        )
    for attribute, wanted, kind in (
        ("shape", True, "shape"),
        ("dtype", check_dtype, "dtype"),
        ("device", check_device, "device"),
    ):
        got, want = getattr(actual, attribute), getattr(expected, attribute)
        if wanted and (tuple(got) != tuple(want) if kind == "shape" else got != want):
            shown = (tuple(got), tuple(want)) if kind == "shape" else (got, want)
            fail(call.dot(attribute), actual=str(shown[0]), expected=str(shown[1]), kind=kind, situation=situation)
    try:
        _assert_close(
            actual.detach(),
            expected.detach(),
            rtol=tol.rtol,
            atol=tol.atol,
            check_dtype=False,
            check_device=False,
            equal_nan=True,
        )
    except AssertionError:
        yours, wanted = _differences(actual, expected, tol)
        fail(call, actual=yours, expected=wanted, kind="values", situation=situation)


def check_tensor_equal(actual: Any, expected: torch.Tensor, **kwargs: Any) -> None:
    """check_tensor with tol=EXACT."""
    __tracebackhide__ = True
    check_tensor(actual, expected, tol=EXACT, **kwargs)


def check_unchanged(
    current: torch.Tensor,
    before: torch.Tensor,
    *,
    call: Call,
    name: str = "x",
    hint: str = "",
) -> None:
    """The caller's tensor is as it was before the call: same shape, dtype, device and values (nan equal to nan).
    The failure's fields are code (`x=tensor(...)`); its words ("compute a new tensor, not in place") are the
    template's, in each language (spec/results/failure.py). `hint`: a page's own advice, as the situation."""
    __tracebackhide__ = True
    same = (
        current.shape == before.shape
        and current.dtype == before.dtype
        and current.device == before.device
        and bool(_equal(current.detach().cpu().nan_to_num(), before.detach().cpu().nan_to_num()))
        and bool(_equal(current.detach().cpu().isnan(), before.detach().cpu().isnan()))
    )
    if not same:
        fail(
            call,
            actual=f"{name}={short(current)}",
            expected=f"{name}={short(before)}",
            kind="inputs_changed",
            situation=hint,
        )


def check_raises(
    exceptions: type[BaseException] | tuple[type[BaseException], ...],
    fn: Callable[[], Any],
    *,
    call: Call,
    situation: str = "",
) -> BaseException:
    """`fn()` must raise one of `exceptions`; returns the exception for further checks."""
    __tracebackhide__ = True
    try:
        result = fn()
    except exceptions as exc:
        # A stub's NotImplementedError is a RuntimeError, but it means "not written yet", not "refused":
        # let it through so the plugin reports the concept as not implemented (unless it was asked for).
        expected = exceptions if isinstance(exceptions, tuple) else (exceptions,)
        if isinstance(exc, NotImplementedError) and NotImplementedError not in expected:
            raise
        return exc
    names = exceptions.__name__ if isinstance(exceptions, type) else " or ".join(e.__name__ for e in exceptions)
    fail(call, actual=short(result), expected=names, kind="no_error", situation=situation)
    raise AssertionError("unreachable")


def unpacked(result: Any, count: int, *, call: Call, situation: str = "") -> tuple[Any, ...]:
    """`result` as `count` items, as `a, b, c = result` unpacks it (a tuple, a list), or a failure that says
    what came back instead (None from a missing return, one tensor), with Python's own error below it."""
    __tracebackhide__ = True
    try:
        items = tuple(result)
        if len(items) != count:
            raise ValueError(
                f"{'too many' if len(items) > count else 'not enough'} values to unpack "
                f"(expected {count}, got {len(items)})"
            )
    except (TypeError, ValueError) as exc:
        fail(
            call,
            actual=short(result),
            expected=f"a tuple of {count} results",
            kind="unpack",
            situation=situation,
            raised=f"{type(exc).__name__}: {exc}",
        )
    return items


def result_or_error(fn: Callable[[], Any]) -> Any:
    """`fn()`, or the exception it raised, for a test where an error is itself the finding (or allowed).

    A stub's NotImplementedError goes through, as in check_raises: the concept is not written yet.
    """
    try:
        return fn()
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - any error: the test decides what it means
        return exc


def call_checked(fn: Callable[[], Any], *, call: Call, expected: str, situation: str = "") -> Any:
    """`fn()`, or a failure in the spec's words when it raises: `call raised X: msg, but should be expected`,
    with the raw exception's last frames below it (so an error inside the spec's own unpacking or indexing never
    reaches the learner bare). A stub's NotImplementedError goes through, as in check_raises. The plugin puts the
    learner's file, line and frames on the failure from the exception (spec/plugin/blame.py).
    """
    __tracebackhide__ = True
    try:
        return fn()
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - any error of the code under test: reported, with its traceback
        text = str(exc) if len(str(exc)) <= 200 else str(exc)[:197] + "..."
        fail(
            call,
            actual=f"{type(exc).__name__}: {text}",
            expected=expected,
            kind="raised",
            situation=situation,
            error=exc,
        )


def shares_memory(a: torch.Tensor, b: torch.Tensor) -> bool:
    """Whether two tensors (or a tensor and a view of it) use the same storage."""
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()
